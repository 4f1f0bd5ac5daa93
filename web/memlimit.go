package web

// MinMemoryLimit is the smallest soft memory limit DefaultMemoryLimit
// gives: enough for a million-person tree held in memory (about 1.7 GB
// live) with a little room to collect.
const MinMemoryLimit = 2304 << 20

// DefaultMemoryLimit is the garbage collector's soft memory limit that
// kin serve uses unless told otherwise: half the machine's physical
// memory, and at least MinMemoryLimit (also when the memory cannot be
// read).
//
// The served tree is a large live heap that changes only when the
// database does, while pages allocate quickly and briefly. Each
// collection marks the whole tree (about a second of CPU for a million
// people), so the room the collector has above the live heap decides how
// often it pays that: measured on a million people under 64 clients, a
// 2.25 GB limit let it collect 8 times in 20 s and take 60 % of the CPU
// (p99 0.44–0.58 s), an 8 GiB limit not once in the window (p99 56–68
// ms).
func DefaultMemoryLimit() int64 {
	half := int64(physicalMemory() / 2)
	if half < MinMemoryLimit {
		return MinMemoryLimit
	}
	return half
}

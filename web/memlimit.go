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

// MapBytes is how much of a SQLite database kin serve maps into memory
// for reading (sqlite.Options.MapBytes): the whole of a database up to
// about 2 GB, SQLite's most. The person page's evidence and every
// request's session and write version are then read without system
// calls: 10 % more requests a second on a 200k-person tree under 64
// clients (docs/performance.md, "Web, next round"). The mapped pages are
// the system's file cache and count in the resident memory of kin serve.
const MapBytes = 2 << 30

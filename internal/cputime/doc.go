// Package cputime reads the CPU time the process has used: on a machine
// other work keeps busy it shows what a piece of work costs better than
// the wall clock does (kin bench, and the benchmarks and load tests that
// report CPU per call).
package cputime

// Command znn-hub compresses or verifies every weight file of a model folder
// (Hugging Face layout, including a hub cache's snapshots/<rev>/ symlinks)
// with a bounded pool of workers, and prints per-file and total ratio and
// throughput.
//
//	znn-hub compress [-o OUT_DIR] [-f] [-j N] [-threads T] MODEL_DIR
//	znn-hub verify   [-orig MODEL_DIR] [-j N] [-threads T] DIR
//
// compress writes FILE.znn for every weight file (next to it, or under
// OUT_DIR with the same relative path), through a temporary file renamed into
// place; symlinks are read, never written through. verify decodes every
// .znn file (all checksums checked) and, with -orig, compares the decoded
// bytes with the original files by SHA-256.
//
// Exit status: 0 when every file succeeded, 1 when any file failed (a
// corrupt or truncated .znn file, a mismatch, an I/O error), 2 on bad usage.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

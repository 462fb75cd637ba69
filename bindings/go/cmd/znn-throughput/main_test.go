package main

import (
	"bytes"
	"strings"
	"testing"
)

// The program runs end to end on a small buffer: every path round-trips
// (it checks decoded bytes itself) and the table names each path.
func TestSmallRun(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-size", "3MiB", "-reps", "1", "-buf", "65536"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"C   zipnn_compress", "Go  zipnn.Compress", "C   stream", "Go  Writer / Reader", "Go one-shot vs C"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}

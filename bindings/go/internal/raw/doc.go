// Package raw is the SWIG-generated cgo wrapper of zipnn.h (raw.go and
// raw_wrap.c, generated from zipnn_go.i by ../../regen.sh; do not edit them).
// It is internal: the public API is the parent package.
//
// cgo finds libzipnn through pkg-config ("zipnn", from the install prefix's
// lib/pkgconfig). Build with the tag zipnn_nopkgconfig to pass the paths by
// hand instead: CGO_CFLAGS=-I$PREFIX/include CGO_LDFLAGS="-L$PREFIX/lib -lzipnn".
package raw

//go:generate ../../regen.sh

//go:build !cgo

package raw

// The zipnn Go package calls the C library libzipnn through cgo, so it cannot
// be built with CGO_ENABLED=0. Build with CGO_ENABLED=1, a C compiler, and
// libzipnn installed where pkg-config finds it (see bindings/go/README.md).
// The undefined name below turns a cgo-less build into a readable error.
var _ = zipnn_requires_cgo__build_with_CGO_ENABLED_1_and_libzipnn_installed

//go:build cgo && !zipnn_nopkgconfig

package raw

// #cgo pkg-config: zipnn
import "C"

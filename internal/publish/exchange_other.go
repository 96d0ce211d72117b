//go:build !linux

package publish

import "syscall"

// exchange is not available here; swap falls back to two renames.
var exchange = func(a, b string) error { return syscall.ENOSYS }

package load

// SetFastPath turns the one-pass read on or off and returns a function that
// restores it.
func SetFastPath(on bool) func() {
	old := fastPath
	fastPath = on
	return func() { fastPath = old }
}

"""The Dockerfile model: parse once, fold the build state once, share it with every rule."""

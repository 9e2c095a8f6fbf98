// Wrapper module: a tiny etcd server main (see main.go). The build script
// rewrites the go.etcd.io/etcd/server/v3 version from versions.ts.
module crossmesh.sandbox/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 v0.0.0

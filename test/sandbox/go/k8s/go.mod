// Wrapper module: builds kube-apiserver and kubectl from k8s.io/kubernetes.
// The build script (test/sandbox/build.ts) copies this file to a work dir,
// appends a replace block generated from k8s.io/kubernetes's own go.mod
// (its staging modules point at ./staging/... there) and runs `go mod tidy`.
// The k8s.io/kubernetes version below is rewritten from versions.ts.
module crossmesh.sandbox/k8s

go 1.26.0

require k8s.io/kubernetes v0.0.0

tool (
	k8s.io/kubernetes/cmd/kube-apiserver
	k8s.io/kubernetes/cmd/kubectl
)

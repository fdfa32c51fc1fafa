package kdualbench

// The Service REST path of the release, in-process: the JSON body decoded
// and defaulted as the API server's handler does (legacyscheme's codec),
// then the Service storage's Create, Update or Delete
// (pkg/registry/core/service/storage), with the storage its upstream tests
// use: registrytest.NewEtcdStorage, which STARTS AN EMBEDDED ETCD in this
// process (etcd3testing.NewUnsecuredEtcd3TestClientServer), and the in-memory
// bitmap allocators of storage_test.go. What is not timed: HTTP, admission,
// authentication, the watch cache. The engine's counterparts are
// BM_Create*, BM_UpdateUpgradeDowngrade in bench/engine_bench.cc, on the same
// ranges.
//
// The storage helpers take a *testing.T, so the benchmarks run inside one
// test through testing.Benchmark and print their lines in `go test -bench`'s
// format for scripts/bench; KDUAL_BENCH_FILTER (a regexp, scripts/bench's
// --filter) picks them.

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	machineryutilnet "k8s.io/apimachinery/pkg/util/net"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	"k8s.io/kubernetes/pkg/registry/core/service/ipallocator"
	"k8s.io/kubernetes/pkg/registry/core/service/portallocator"
	svcstorage "k8s.io/kubernetes/pkg/registry/core/service/storage"
	"k8s.io/kubernetes/pkg/registry/registrytest"
	netutils "k8s.io/utils/net"
)

// The body of bench/engine_bench.cc's ServiceBody.
func serviceJSON(name, policy, typ string) []byte {
	p := ""
	if policy != "" {
		p = fmt.Sprintf(`,"ipFamilyPolicy":%q`, policy)
	}
	return []byte(fmt.Sprintf(`{"apiVersion":"v1","kind":"Service","metadata":{"name":%q,"namespace":"default"},`+
		`"spec":{"selector":{"app":"web"},"ports":[{"port":80}],"type":%q%s}}`, name, typ, p))
}

// Decodes and defaults a v1 body into the internal Service, as the handler.
func decodeService(tb testing.TB, body []byte) *api.Service {
	obj, err := k8sruntime.Decode(legacyscheme.Codecs.UniversalDecoder(api.SchemeGroupVersion), body)
	if err != nil {
		tb.Fatalf("decode: %v", err)
	}
	return obj.(*api.Service)
}

func newServiceREST(t *testing.T) *svcstorage.REST {
	etcdStorage, server := registrytest.NewEtcdStorage(t, "")
	t.Cleanup(func() { server.Terminate(t) })
	opts := generic.RESTOptions{
		StorageConfig:           etcdStorage.ForResource(schema.GroupResource{Resource: "services"}),
		Decorator:               generic.UndecoratedStorage,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          "services",
	}
	// The engine benchmark's ranges: 10.96.0.0/12,fd00:10:96::/108 and
	// 30000-32767.
	_, v4, _ := netutils.ParseCIDRSloppy("10.96.0.0/12")
	_, v6, _ := netutils.ParseCIDRSloppy("fd00:10:96::/108")
	a4, err := ipallocator.NewInMemory(v4)
	if err != nil {
		t.Fatal(err)
	}
	a6, err := ipallocator.NewInMemory(v6)
	if err != nil {
		t.Fatal(err)
	}
	ports, err := portallocator.NewInMemory(*machineryutilnet.ParsePortRangeOrDie("30000-32767"))
	if err != nil {
		t.Fatal(err)
	}
	storage, _, _, err := svcstorage.NewREST(opts, api.IPv4Protocol,
		map[api.IPFamily]ipallocator.Interface{api.IPv4Protocol: a4, api.IPv6Protocol: a6},
		ports, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return storage
}

func TestRESTPath(t *testing.T) {
	filter := regexp.MustCompile(os.Getenv("KDUAL_BENCH_FILTER"))
	storage := newServiceREST(t)
	// The handler's context: the namespace and the request's info (the
	// declarative validation of recent releases reads the API version).
	ctxFor := func(verb string) context.Context {
		return genericapirequest.WithRequestInfo(genericapirequest.NewDefaultContext(),
			&genericapirequest.RequestInfo{IsResourceRequest: true, Verb: verb, APIVersion: "v1",
				Namespace: "default", Resource: "services"})
	}
	ctx, updateCtx, deleteCtx := ctxFor("create"), ctxFor("update"), ctxFor("delete")
	// testing.Benchmark drops what a failing benchmark logs: its failure is
	// kept here and reported by the test.
	failure := ""
	fail := func(b *testing.B, format string, args ...interface{}) {
		failure = fmt.Sprintf(format, args...)
		b.FailNow()
	}

	create := func(b *testing.B, body []byte, dryRun bool) {
		opts := &metav1.CreateOptions{}
		if dryRun {
			opts.DryRun = []string{metav1.DryRunAll}
		}
		for i := 0; i < b.N; i++ {
			svc := decodeService(b, body)
			if _, err := storage.Create(ctx, svc, rest.ValidateAllObjectFunc, opts); err != nil {
				fail(b, "create: %v", err)
			}
			if !dryRun {
				b.StopTimer()
				if _, _, err := storage.Delete(deleteCtx, svc.Name, rest.ValidateAllObjectFunc, &metav1.DeleteOptions{}); err != nil {
					fail(b, "delete: %v", err)
				}
				b.StartTimer()
			}
		}
	}
	update := func(b *testing.B, ctx context.Context, name string, patch func(*api.Service)) {
		info := rest.DefaultUpdatedObjectInfo(nil, func(_ context.Context, _, oldObj k8sruntime.Object) (k8sruntime.Object, error) {
			svc := oldObj.(*api.Service).DeepCopy()
			patch(svc)
			return svc, nil
		})
		if _, _, err := storage.Update(ctx, name, info, rest.ValidateAllObjectFunc,
			rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
			fail(b, "update: %v", err)
		}
	}
	upgradeDowngrade := func(b *testing.B) {
		svc := decodeService(b, serviceJSON("web-updown", "SingleStack", "ClusterIP"))
		if _, err := storage.Create(ctx, svc, rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
			fail(b, "create: %v", err)
		}
		defer storage.Delete(deleteCtx, svc.Name, rest.ValidateAllObjectFunc, &metav1.DeleteOptions{})
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			// The engine's two merge patches, applied to the stored object.
			update(b, updateCtx, svc.Name, func(s *api.Service) {
				p := api.IPFamilyPolicyRequireDualStack
				s.Spec.IPFamilyPolicy = &p
			})
			update(b, updateCtx, svc.Name, func(s *api.Service) {
				p := api.IPFamilyPolicySingleStack
				s.Spec.IPFamilyPolicy = &p
				s.Spec.IPFamilies = []api.IPFamily{api.IPv4Protocol}
				s.Spec.ClusterIPs = nil
			})
		}
	}

	benchmarks := []struct {
		name string
		run  func(*testing.B)
	}{
		{"CreateSingleStack", func(b *testing.B) { create(b, serviceJSON("web", "", "ClusterIP"), false) }},
		{"CreateDualStack", func(b *testing.B) { create(b, serviceJSON("web", "RequireDualStack", "ClusterIP"), false) }},
		{"CreateNodePort", func(b *testing.B) { create(b, serviceJSON("web", "PreferDualStack", "NodePort"), false) }},
		{"CreateDryRun", func(b *testing.B) { create(b, serviceJSON("web", "RequireDualStack", "ClusterIP"), true) }},
		{"UpdateUpgradeDowngrade", upgradeDowngrade},
	}
	for _, bm := range benchmarks {
		if !filter.MatchString(bm.name) {
			continue
		}
		r := testing.Benchmark(bm.run)
		if failure != "" || r.N == 0 {
			t.Fatalf("%s: %s", bm.name, failure)
		}
		// go test -bench's line, which scripts/bench reads.
		fmt.Printf("Benchmark%s\t%d\t%.1f ns/op\n", bm.name, r.N, float64(r.T.Nanoseconds())/float64(r.N))
	}
}

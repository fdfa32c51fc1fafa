// Package kdualbench times, in-process, the Go code of a pinned Kubernetes
// release that the engine reimplements, under the names of the engine's
// benchmarks (bench/engine_bench.cc) so scripts/bench can pair them. It is
// built by scripts/bench inside a module generated from the release's
// go.mod (the one scripts/local-cluster builds the reference servers with),
// so it runs the release's real code.
//
// What is measured here and not in the engine's benchmark (and the reverse)
// is said by scripts/bench's table. The IPAddress allocator runs on
// client-go's fake clientset, as its upstream tests do
// (pkg/registry/core/service/ipallocator/ipallocator_test.go); only the
// Service REST path (rest_path_test.go) starts an etcd, embedded in the
// test process as the upstream storage tests start it.
package kdualbench

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	api "k8s.io/kubernetes/pkg/apis/core"
	"k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/registry/core/service/ipallocator"
	netutils "k8s.io/utils/net"
)

var sink interface{}

func texts(arg string, v4, v6 string) string {
	if arg == "4" {
		return v4
	}
	return v6
}

func BenchmarkParseIPSloppy(b *testing.B) {
	for _, arg := range []string{"4", "6"} {
		text := texts(arg, "10.96.12.34", "fd00:10:96::1:2")
		b.Run(arg, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink = netutils.ParseIPSloppy(text)
			}
		})
	}
}

// The strict form (StrictIPCIDRValidation) parses with net/netip.
func BenchmarkParseIPStrict(b *testing.B) {
	for _, arg := range []string{"4", "6"} {
		text := texts(arg, "10.96.12.34", "fd00:10:96::1:2")
		b.Run(arg, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				a, err := netip.ParseAddr(text)
				sink = a
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseCIDRSloppy(b *testing.B) {
	for _, arg := range []string{"4", "6"} {
		text := texts(arg, "10.96.0.0/12", "fd00:10:96::/108")
		b.Run(arg, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_, n, err := netutils.ParseCIDRSloppy(text)
				sink = n
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ValidateServiceCreate of a LoadBalancer with 100 ports, externalIPs and
// source ranges, as BM_ValidateLargeService builds it.
func BenchmarkValidateLargeService(b *testing.B) {
	const n = 100
	single := api.IPFamilyPolicySingleStack
	itp := api.ServiceInternalTrafficPolicyCluster
	allocateNodePorts := true // defaulted before validation, as the engine's decode does
	svc := &api.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: api.ServiceSpec{
			Type:                          api.ServiceTypeLoadBalancer,
			Selector:                      map[string]string{"app": "web"},
			ClusterIP:                     "10.96.0.10",
			ClusterIPs:                    []string{"10.96.0.10"},
			IPFamilies:                    []api.IPFamily{api.IPv4Protocol},
			IPFamilyPolicy:                &single,
			SessionAffinity:               api.ServiceAffinityNone,
			ExternalTrafficPolicy:         api.ServiceExternalTrafficPolicyCluster,
			InternalTrafficPolicy:         &itp,
			AllocateLoadBalancerNodePorts: &allocateNodePorts,
		},
	}
	for i := 0; i < n; i++ {
		svc.Spec.Ports = append(svc.Spec.Ports, api.ServicePort{
			Name: fmt.Sprintf("p%d", i), Port: int32(1000 + i), NodePort: int32(30000 + i),
			Protocol: api.ProtocolTCP, TargetPort: intstr.FromInt32(int32(1000 + i)),
		})
		svc.Spec.ExternalIPs = append(svc.Spec.ExternalIPs, fmt.Sprintf("192.0.2.%d", i%250))
		svc.Spec.LoadBalancerSourceRanges = append(svc.Spec.LoadBalancerSourceRanges,
			fmt.Sprintf("198.51.%d.0/24", i%250))
	}
	if errs := validation.ValidateServiceCreate(svc); len(errs) != 0 {
		b.Fatalf("the Service does not validate: %v", errs)
	}
	b.Run(fmt.Sprint(n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink = validation.ValidateServiceCreate(svc)
		}
	})
}

// The IPAddress allocator (the default from 1.33, alone from 1.34) on the
// fake clientset, its informer started and synced.
func newIPAddressAllocator(b *testing.B, cidr string) (*ipallocator.Allocator, func()) {
	_, ipnet, err := netutils.ParseCIDRSloppy(cidr)
	if err != nil {
		b.Fatal(err)
	}
	client := fake.NewSimpleClientset()
	factory := informers.NewSharedInformerFactory(client, 0)
	ipInformer := factory.Networking().V1().IPAddresses()
	// As newTestAllocator does: a created IPAddress is in the lister at
	// once, so the allocator never meets its own addresses as mid-air
	// collisions while the informer catches up.
	ipStore := ipInformer.Informer().GetIndexer()
	client.PrependReactor("create", "ipaddresses", func(action k8stesting.Action) (bool, k8sruntime.Object, error) {
		ip := action.(k8stesting.CreateAction).GetObject().(*networkingv1.IPAddress)
		return false, ip, ipStore.Add(ip)
	})
	// The informer runs until its cache has synced (the allocator answers
	// "not ready" before), then stops: the reactor above keeps the lister
	// current, and a running informer would let the fake watch channel fill.
	stop := make(chan struct{})
	factory.Start(stop)
	factory.WaitForCacheSync(stop)
	close(stop)
	factory.Shutdown()
	a, err := ipallocator.NewIPAllocator(ipnet, client.NetworkingV1(), ipInformer)
	if err != nil {
		b.Fatal(err)
	}
	return a, func() {}
}

func allocateUntilFull(b *testing.B, cidr string, count int) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a, done := newIPAddressAllocator(b, cidr)
		b.StartTimer()
		for k := 0; k < count; k++ {
			ip, err := a.AllocateNext()
			if err != nil {
				b.Fatalf("address %d of %s: %v", k, cidr, err)
			}
			sink = ip
		}
		b.StopTimer()
		done()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/address")
}

func BenchmarkAllocateUntilFull_IPv4_24(b *testing.B) { allocateUntilFull(b, "10.96.0.0/24", 254) }

// No /16: the allocator probes from a random offset through the lister, so
// filling a /16 reads it O(n^2) times, and the fake clientset slows down as
// it fills; it does not finish in minutes. bench/engine_bench.cc fills one.

// 2^12 addresses of an IPv6 /64 (the fake clientset slows down as it fills:
// 2^16 take many minutes), and the heap they hold per address.
func BenchmarkAllocate_IPv6_64(b *testing.B) {
	const count = 1 << 12
	b.Run(fmt.Sprint(count), func(b *testing.B) {
		var perAddress float64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			a, done := newIPAddressAllocator(b, "fd00:10:96::/64")
			b.StartTimer()
			for k := 0; k < count; k++ {
				if _, err := a.AllocateNext(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			perAddress = float64(after.HeapAlloc-before.HeapAlloc) / count
			runtime.KeepAlive(a)
			done()
			b.StartTimer()
		}
		b.ReportMetric(perAddress, "bytes_per_address")
	})
}

// The bitmap allocator (the only one up to 1.32), for comparison.
func BenchmarkAllocateUntilFull_IPv4_24_Bitmap(b *testing.B) {
	_, ipnet, _ := netutils.ParseCIDRSloppy("10.96.0.0/24")
	for i := 0; i < b.N; i++ {
		r, err := ipallocator.NewInMemory(ipnet)
		if err != nil {
			b.Fatal(err)
		}
		for k := 0; k < 254; k++ {
			if _, err := r.AllocateNext(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// faultproxy: a reverse proxy on loopback between kdual and a test API
// server that injects the faults a live run must survive. Used only by the
// `live` fault tests (conformance/live/faults_live_test.sh).
//
// It listens on 127.0.0.1 (plain HTTP), prints its port on stdout, and
// forwards every request to --upstream over TLS (trusting --ca). Faults are
// set at run time on its own control path:
//
//	POST /__fault?mode=M&count=N[&every=K][&code=C][&retry_after=S][&writes=1]
//	     mode status:     answer with HTTP C (a Status body), with a
//	                      Retry-After of S seconds when given
//	     mode drop:       forward the request, then close the connection
//	                      without answering (the server did the work)
//	     mode refuse:     close the connection before forwarding anything
//	     every K:         only every K-th matching request (default 1)
//	     writes=1:        only POST, PUT, PATCH and DELETE match
//	POST /__fault?mode=off    no more faults
//	GET  /__fault/stats       JSON: requests seen, faults injected by mode
//
// A fault test checks the stats, so a proxy that injected nothing fails it.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"sync"
	"time"
)

type fault struct {
	mode       string
	count      int
	every      int
	code       int
	retryAfter int
	writes     bool
	seen       int
}

type proxy struct {
	mu       sync.Mutex
	f        fault
	requests int
	injected map[string]int
	next     *httputil.ReverseProxy
}

func isWrite(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch || m == http.MethodDelete
}

// pick decides whether this request gets the fault, and which.
func (p *proxy) pick(r *http.Request) (fault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests++
	f := &p.f
	if f.mode == "" || f.count <= 0 {
		return fault{}, false
	}
	if f.writes && !isWrite(r.Method) {
		return fault{}, false
	}
	f.seen++
	if f.seen%f.every != 0 {
		return fault{}, false
	}
	f.count--
	p.injected[f.mode]++
	return *f, true
}

func (p *proxy) control(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/__fault/stats" {
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"requests": p.requests, "injected": p.injected,
			"pending": p.f.count, "mode": p.f.mode})
		return
	}
	q := r.URL.Query()
	num := func(k string, d int) int {
		if v, err := strconv.Atoi(q.Get(k)); err == nil {
			return v
		}
		return d
	}
	f := fault{mode: q.Get("mode"), count: num("count", 1), every: num("every", 1), code: num("code", 429),
		retryAfter: num("retry_after", -1), writes: q.Get("writes") == "1"}
	if f.every < 1 {
		f.every = 1
	}
	switch f.mode {
	case "off":
		f = fault{}
	case "status", "drop", "refuse":
	default:
		http.Error(w, "unknown mode "+strconv.Quote(f.mode), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.f = f
	p.mu.Unlock()
	fmt.Fprintln(w, "ok")
}

func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // a reset, as a dying server gives
		}
		conn.Close()
	}
}

// recorder keeps the upstream's answer so that "drop" can discard it.
type recorder struct {
	h    http.Header
	code int
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *recorder) WriteHeader(c int)           { r.code = c }

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Path) >= 8 && r.URL.Path[:8] == "/__fault" {
		p.control(w, r)
		return
	}
	f, hit := p.pick(r)
	if !hit {
		p.next.ServeHTTP(w, r)
		return
	}
	switch f.mode {
	case "status":
		if f.retryAfter >= 0 {
			w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.code)
		reason := map[int]string{429: "TooManyRequests", 500: "InternalError", 502: "", 503: "ServiceUnavailable",
			504: "Timeout"}[f.code]
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure",
			"message": "injected by faultproxy", "reason": reason, "code": f.code})
	case "drop":
		p.next.ServeHTTP(&recorder{h: http.Header{}}, r)
		hangUp(w)
	case "refuse":
		hangUp(w)
	}
}

func main() {
	upstream := flag.String("upstream", "", "the API server URL (https://127.0.0.1:PORT)")
	ca := flag.String("ca", "", "PEM file of the CA that signed the upstream's certificate")
	flag.Parse()
	u, err := url.Parse(*upstream)
	if err != nil || u.Host == "" {
		log.Fatalf("faultproxy: --upstream %q is not a URL", *upstream)
	}
	pool := x509.NewCertPool()
	if *ca != "" {
		pem, err := os.ReadFile(*ca)
		if err != nil || !pool.AppendCertsFromPEM(pem) {
			log.Fatalf("faultproxy: --ca %q: no certificate", *ca)
		}
	}
	next := httputil.NewSingleHostReverseProxy(u)
	next.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, IdleConnTimeout: 30 * time.Second}
	next.ErrorLog = log.New(os.Stderr, "faultproxy: ", 0)
	// An upstream that is down (killed, restarting) is passed on as a
	// connection that ends without an answer, as a dead server's would, not
	// as a 502 that kdual would take for the server's own answer.
	next.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Printf("faultproxy: upstream: %v", err)
		hangUp(w)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("faultproxy: %v", err)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	p := &proxy{injected: map[string]int{}, next: next}
	log.Fatal(http.Serve(ln, p))
}

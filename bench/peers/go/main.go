// The Go twin of each bench shape, run by bench/peers/go.ts when `go` is on
// the PATH. One shape per process run: prints one JSON sample
// {"value": ..., "extra": {...}} and exits non-zero if its own result is
// wrong. GOMAXPROCS is 1 unless GO_TWIN_PROCS says otherwise, to compare
// with a single-threaded JavaScript event loop.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

type sample struct {
	Value float64            `json:"value"`
	Extra map[string]float64 `json:"extra,omitempty"`
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "go twin self-check failed: "+format+"\n", a...)
	os.Exit(1)
}

func sumTo(n int) int { return n * (n - 1) / 2 }

func rate(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

func pingPong(n int) sample {
	a, b := make(chan int), make(chan int)
	sum := 0
	var wg sync.WaitGroup
	wg.Add(2)
	t0 := time.Now()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			a <- i
			sum += <-b
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			v := <-a
			b <- v + 1
		}
	}()
	wg.Wait()
	d := time.Since(t0)
	if sum != sumTo(n)+n {
		fail("ping-pong sum %d", sum)
	}
	return sample{Value: rate(n, d)}
}

func buffered(n, capacity int) sample {
	ch := make(chan int, capacity)
	sum, count := 0, 0
	var wg sync.WaitGroup
	wg.Add(2)
	t0 := time.Now()
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	go func() {
		defer wg.Done()
		for v := range ch {
			sum += v
			count++
		}
	}()
	wg.Wait()
	d := time.Since(t0)
	if count != n || sum != sumTo(n) {
		fail("buffered: %d values summing %d", count, sum)
	}
	return sample{Value: rate(n, d)}
}

func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func selectAfter(n int) sample {
	ch := make(chan int, 1)
	sum, fromCh, fromTimer := 0, 0, 0
	runtime.GC()
	h0 := heapAlloc()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case ch <- i:
		default:
			fail("select: refill found ch full")
		}
		select {
		case v := <-ch:
			sum += v
			fromCh++
		case <-time.After(time.Second):
			fromTimer++
		}
	}
	d := time.Since(t0)
	if fromCh != n || sum != sumTo(n) || fromTimer != 0 {
		fail("select: ch arm %d, sum %d, timer arm %d", fromCh, sum, fromTimer)
	}
	runtime.GC()
	grown := float64(int64(heapAlloc()) - int64(h0))
	return sample{Value: rate(n, d), Extra: map[string]float64{"bytesPerIter": grown / float64(n), "ms": float64(d.Microseconds()) / 1000}}
}

func fanIn(n, p int) sample {
	ch := make(chan int)
	per := n / p
	sum, count := 0, 0
	var wg sync.WaitGroup
	wg.Add(p)
	t0 := time.Now()
	for j := 0; j < p; j++ {
		go func(base int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				ch <- base + i
			}
		}(j * per)
	}
	for i := 0; i < n; i++ {
		sum += <-ch
		count++
	}
	wg.Wait()
	d := time.Since(t0)
	if count != n || sum != sumTo(n) {
		fail("fan-in: %d values summing %d", count, sum)
	}
	return sample{Value: rate(n, d)}
}

// waitParked waits until k more goroutines than base exist and have had
// time to block.
func waitParked(base, k int) {
	for runtime.NumGoroutine() < base+k {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
}

func parkedMemory(k int, shared bool) sample {
	base := runtime.NumGoroutine()
	var wg sync.WaitGroup
	wg.Add(k)
	var mu sync.Mutex
	closedSeen := 0
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	var one chan int
	if shared {
		one = make(chan int)
	}
	chans := make([]chan int, 0, k)
	for i := 0; i < k; i++ {
		c := one
		if !shared {
			c = make(chan int)
			chans = append(chans, c)
		}
		go func(c chan int) {
			defer wg.Done()
			if _, ok := <-c; !ok {
				mu.Lock()
				closedSeen++
				mu.Unlock()
			}
		}(c)
	}
	waitParked(base, k)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	used := func(m *runtime.MemStats) float64 { return float64(m.HeapAlloc + m.StackInuse) }
	bytes := (used(&m1) - used(&m0)) / float64(k)
	if shared {
		close(one)
	} else {
		for _, c := range chans {
			close(c)
		}
	}
	wg.Wait()
	if closedSeen != k {
		fail("parked: %d of %d saw the close", closedSeen, k)
	}
	return sample{Value: bytes}
}

func wake(k int, by string) sample {
	base := runtime.NumGoroutine()
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(k)
	var mu sync.Mutex
	sum, wrong := 0, 0
	for i := 0; i < k; i++ {
		go func() {
			defer wg.Done()
			v, ok := <-ch
			mu.Lock()
			if ok != (by == "send") {
				wrong++
			}
			sum += v
			mu.Unlock()
		}()
	}
	waitParked(base, k)
	t0 := time.Now()
	if by == "close" {
		close(ch)
	} else {
		go func() {
			for i := 0; i < k; i++ {
				ch <- i
			}
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	want := 0
	if by == "send" {
		want = sumTo(k)
	}
	if wrong != 0 || sum != want {
		fail("wake: %d wrong, sum %d", wrong, sum)
	}
	return sample{Value: rate(k, d), Extra: map[string]float64{"ms": float64(d.Microseconds()) / 1000}}
}

func main() {
	shape := flag.String("shape", "", "pingpong|buffered|select|fanin|mem|wake")
	n := flag.Int("n", 100000, "workload size")
	p := flag.Int("p", 100, "fan-in producers")
	capacity := flag.Int("cap", 128, "buffer capacity")
	shared := flag.Bool("shared", false, "mem: all on one channel")
	by := flag.String("by", "close", "wake: close|send")
	flag.Parse()
	procs := 1
	if s := os.Getenv("GO_TWIN_PROCS"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			procs = v
		}
	}
	runtime.GOMAXPROCS(procs)
	var s sample
	switch *shape {
	case "pingpong":
		s = pingPong(*n)
	case "buffered":
		s = buffered(*n, *capacity)
	case "select":
		s = selectAfter(*n)
	case "fanin":
		s = fanIn(*n, *p)
	case "mem":
		s = parkedMemory(*n, *shared)
	case "wake":
		s = wake(*n, *by)
	default:
		fail("unknown shape %q", *shape)
	}
	out, _ := json.Marshal(s)
	fmt.Println(string(out))
}

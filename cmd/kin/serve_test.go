package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeShutdownFinishesRequestInFlight stops the server while a
// request is being handled: the request completes, new connections are
// refused, and serveUntilDone returns nil.
func TestServeShutdownFinishesRequestInFlight(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serveUntilDone(ctx, &http.Server{Handler: h}, ln, 10*time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()

	type reply struct {
		status int
		body   string
		err    error
	}
	replies := make(chan reply, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		replies <- reply{resp.StatusCode, string(b), err}
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the handler")
	}

	cancel() // what SIGTERM does through signal.NotifyContext in main
	// New connections are refused once shutdown has begun.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 5 s after it was told to stop")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("serveUntilDone returned %v while a request was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}

	close(release)
	r := <-replies
	if r.err != nil || r.status != http.StatusOK || r.body != "finished" {
		t.Errorf("request in flight got status %d, body %q, error %v; want 200 \"finished\"", r.status, r.body, r.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serveUntilDone returned %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serveUntilDone did not return after the request finished")
	}
}

// TestServeSIGTERM runs kin serve on a new database, reads a page, and
// sends the process SIGTERM the way main wires it: kin serve exits 0.
func TestServeSIGTERM(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	pr, pw := io.Pipe()
	m := NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = pw, io.Discard
	m.Getenv = func(string) string { return "" }
	m.IsTerminal = func() bool { return false }
	db := filepath.Join(t.TempDir(), "kin.db")
	codes := make(chan int, 1)
	go func() {
		codes <- m.Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--anonymous-read"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading kin serve's first line: %v (exit code %d)", err, <-codes)
	}
	go io.Copy(io.Discard, pr)
	u := regexp.MustCompile(`http://\S+/`).FindString(line)
	if u == "" {
		t.Fatalf("kin serve printed %q, want its address", line)
	}
	resp, err := http.Get(u + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: status %d, want 200", resp.StatusCode)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-codes:
		if code != 0 {
			t.Errorf("kin serve exited %d after SIGTERM, want 0", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("kin serve did not stop after SIGTERM")
	}
	if _, err := http.Get(u + "healthz"); err == nil {
		t.Error("GET after shutdown succeeded, want connection refused")
	}
}

func TestByteSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"4GiB", 4 << 30, false},
		{"2500MB", 2500e6, false},
		{"512 MiB", 512 << 20, false},
		{"3G", 3e9, false},
		{"1.5GiB", 3 << 29, false},
		{"1048576", 1 << 20, false},
		{"", 0, true},
		{"lots", 0, true},
		{"-1GB", 0, true},
		{"0", 0, true},
	} {
		var b byteSize
		err := b.Set(tt.in)
		if (err != nil) != tt.err || (err == nil && int64(b) != tt.want) {
			t.Errorf("Set(%q): got %d, %v; want %d, error %v", tt.in, b, err, tt.want, tt.err)
		}
	}
}

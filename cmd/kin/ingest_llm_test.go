package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const llmArticle = "date 2024-05-14\nMarcus Bell and his wife, Renata Okoye, married in 2015.\nThe couple share a daughter, Ada, 6.\n"

// llmAnswer is what the fake model answers for llmArticle: two good
// relations, one with a quote the article does not hold.
const llmAnswer = `{
 "persons": [
  {"id": "p1", "name": "Marcus Bell", "aliases": ["Bell"], "sex": "M", "sex_quote": "Marcus Bell and his wife, Renata Okoye, married in 2015."},
  {"id": "p2", "name": "Renata Okoye", "aliases": [], "sex": "F", "sex_quote": "Marcus Bell and his wife, Renata Okoye, married in 2015."},
  {"id": "p3", "name": "Ada", "aliases": [], "sex": "F", "sex_quote": "The couple share a daughter, Ada, 6.", "birth": "2017/2018", "birth_quote": "The couple share a daughter, Ada, 6."}
 ],
 "relations": [
  {"type": "spouse", "a": "p1", "b": "p2", "start": "2015", "end": null, "end_reason": null, "quote": "Marcus Bell and his wife, Renata Okoye, married in 2015."},
  {"type": "parent", "parent": "p1", "child": "p3", "quote": "The couple share a daughter, Ada, 6."},
  {"type": "parent", "parent": "p2", "child": "p3", "quote": "Ada is the couple's adopted daughter."}
 ]
}`

// fakeChat serves an OpenAI-compatible chat completions API on loopback
// that answers with content, or with status and content as the body when
// status is not 200, and records the Authorization headers it sees.
func fakeChat(t *testing.T, status int, content string) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var auth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error": "no route `+r.Method+" "+r.URL.Path+`"}`, http.StatusNotFound)
			return
		}
		if status != http.StatusOK {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(content))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"choices": []map[string]any{{"message": map[string]string{"role": "assistant", "content": content}, "finish_reason": "stop"}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), auth...)
	}
}

// runKin runs kin in-process with env as its environment.
func runKin(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = &stdout, &stderr
	m.Getenv = func(k string) string { return env[k] }
	m.IsTerminal = func() bool { return false }
	code := m.Run(context.Background(), args)
	return code, stdout.String(), stderr.String()
}

func TestIngestLLM(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "bell.txt")
	if err := os.WriteFile(article, []byte(llmArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	good, goodAuth := fakeChat(t, http.StatusOK, llmAnswer)
	failing, _ := fakeChat(t, http.StatusInternalServerError, `{"error": {"message": "model \"nope\" not found"}}`)
	junk, _ := fakeChat(t, http.StatusOK, "Sure! Marcus married Renata.")
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantCode   int
		wantOut    []string
		wantErr    []string
		wantNotOut []string
		wantAuth   string
	}{
		{
			name:    "dry run json",
			args:    []string{"ingest", "--dry-run", "--json", "--extractor", "llm", "--endpoint", good.URL, "--model", "m", article},
			wantOut: []string{`"document_date":"2024-05-14"`, `"name":"Marcus Bell"`, `"type":"spouse"`, `"start":"2015"`, `"birth":"2017/2018"`, `"parent":"p1","child":"p3"`},
			// The parent tie with an invented quote is left out, with a warning.
			wantNotOut: []string{`"parent":"p2"`},
			wantErr:    []string{"kin ingest: " + article + `: warning: relation 3 (parent of "Renata Okoye" and "Ada"): quote "Ada is the couple's adopted daughter." not found in the article; dropped`},
		},
		{
			name:    "endpoint with v1, flags after the file",
			args:    []string{"ingest", article, "--dry-run", "--extractor=llm", "--endpoint=" + good.URL + "/v1", "--model=m"},
			wantOut: []string{"Marcus Bell and Renata Okoye married in 2015", "Marcus Bell is a parent of Ada", `"The couple share a daughter, Ada, 6."`},
		},
		{
			name:     "api key from the environment",
			env:      map[string]string{"KIN_LLM_API_KEY": "sk-env"},
			args:     []string{"ingest", "--dry-run", "--json", "--extractor", "llm", "--endpoint", good.URL, "--model", "m", article},
			wantOut:  []string{`"type":"spouse"`},
			wantAuth: "Bearer sk-env",
		},
		{
			name:     "api key flag wins",
			env:      map[string]string{"KIN_LLM_API_KEY": "sk-env"},
			args:     []string{"ingest", "--dry-run", "--json", "--extractor", "llm", "--endpoint", good.URL, "--model", "m", "--api-key", "sk-flag", article},
			wantOut:  []string{`"type":"spouse"`},
			wantAuth: "Bearer sk-flag",
		},
		{
			name:     "server error",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--endpoint", failing.URL, "--model", "nope", "--api-key", "sk-flag", article},
			wantCode: 1,
			wantErr:  []string{"kin ingest: " + article + ": llm endpoint answered with an error: " + failing.URL + "/v1/chat/completions: HTTP 500 Internal Server Error: model \"nope\" not found"},
		},
		{
			name:     "not JSON",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--endpoint", junk.URL, "--model", "m", article},
			wantCode: 1,
			wantErr:  []string{"bell.txt: llm reply is not valid: the answer is not a JSON object"},
		},
		{
			name:     "llm without endpoint",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--model", "m", article},
			wantCode: 2,
			wantErr:  []string{"--extractor llm needs --endpoint and --model", "for Ollama: --endpoint http://localhost:11434 --model llama3.1"},
		},
		{
			name:     "llm without model",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--endpoint", good.URL, article},
			wantCode: 2,
			wantErr:  []string{"--extractor llm needs --endpoint and --model"},
		},
		{
			name:     "bad endpoint",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--endpoint", "localhost:11434", "--model", "m", article},
			wantCode: 2,
			wantErr:  []string{"--endpoint: bad llm endpoint", "http://localhost:11434"},
		},
		{
			name:     "bad timeout",
			args:     []string{"ingest", "--dry-run", "--extractor", "llm", "--endpoint", good.URL, "--model", "m", "--timeout", "0s", article},
			wantCode: 2,
			wantErr:  []string{"--timeout 0s"},
		},
		{
			name:     "unknown extractor",
			args:     []string{"ingest", "--dry-run", "--extractor", "gpt", article},
			wantCode: 2,
			wantErr:  []string{`--extractor "gpt": want grammar or llm`},
		},
		{
			name:     "llm flags without llm",
			args:     []string{"ingest", "--dry-run", "--endpoint", good.URL, "--model", "m", article},
			wantCode: 2,
			wantErr:  []string{"--endpoint, --model only apply to --extractor llm"},
		},
		{
			name:    "grammar stays the default",
			args:    []string{"ingest", "--dry-run", "--json", article},
			wantOut: []string{`"type":"spouse"`, `"start":"2015"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(goodAuth())
			code, out, errOut := runKin(t, tt.env, tt.args...)
			if code != tt.wantCode {
				t.Errorf("kin %q exit code = %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNotOut {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(out+errOut, "sk-") {
				t.Errorf("output shows the API key:\nstdout: %s\nstderr: %s", out, errOut)
			}
			if tt.wantAuth != "" {
				auth := goodAuth()[before:]
				if len(auth) != 1 || auth[0] != tt.wantAuth {
					t.Errorf("Authorization headers = %q, want [%q]", auth, tt.wantAuth)
				}
			}
		})
	}
}

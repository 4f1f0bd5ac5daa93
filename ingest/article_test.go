package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseArticle(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		fallback string
		wantDate string
		wantText string
		wantErr  error
		errText  string
	}{
		{name: "date line", in: "date 2024-05-14\nDeShawn Whitfield wed Tiana.\n", wantDate: "2024-05-14", wantText: "DeShawn Whitfield wed Tiana.\n"},
		{name: "text on the date line", in: " date 2025-03-04 Alec Baldwin regrets it.", wantDate: "2025-03-04", wantText: "Alec Baldwin regrets it."},
		{name: "blank lines first", in: "\n\n  date 2023-01-02\r\nText here.", wantDate: "2023-01-02", wantText: "Text here."},
		{name: "byte order mark", in: "\ufeffdate 2020-02-29\nA leap day story.", wantDate: "2020-02-29", wantText: "A leap day story."},
		{name: "fallback date", in: "Kim married Alec in 1993.", fallback: "2001-07-01", wantDate: "2001-07-01", wantText: "Kim married Alec in 1993."},
		{name: "no date", in: "Kim married Alec in 1993.", wantErr: ErrNoDate, errText: `article.txt: no "date YYYY-MM-DD" line; pass --date`},
		{name: "bad date", in: "date 2024-13-40\nText.", wantErr: ErrBadDate, errText: "article.txt:1: bad date"},
		{name: "bad fallback", in: "Text of it.", fallback: "yesterday", wantErr: ErrBadDate},
		{name: "empty", in: "", wantErr: ErrEmpty},
		{name: "only spaces", in: " \n\t\n", wantErr: ErrEmpty},
		{name: "only a date", in: "date 2024-01-01\n", wantErr: ErrEmpty},
		{name: "binary", in: "date 2024-01-01\n\x00\x01\x02\xff", wantErr: ErrBinary},
		{name: "invalid utf-8", in: "date 2024-01-01\nabc \xc3\x28 def", wantErr: ErrBinary},
		{name: "not English", in: "date 2024-01-01\nDer Mann und die Frau wohnen seit vielen Jahren zusammen in einem kleinen Haus am Rande der Stadt.", wantErr: ErrNotEnglish},
		{name: "too large", in: "date 2024-01-01\n" + strings.Repeat("the man and his wife. ", MaxArticleBytes/20), wantErr: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArticle("article.txt", strings.NewReader(tt.in), tt.fallback)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ParseArticle(%q) error = %v, want %v", short(tt.in), err, tt.wantErr)
				}
				if tt.errText != "" && !strings.HasPrefix(err.Error(), tt.errText) {
					t.Errorf("ParseArticle(%q) error = %q, want it to start with %q", short(tt.in), err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseArticle(%q) error = %v", short(tt.in), err)
			}
			if got := a.Date.Format("2006-01-02"); got != tt.wantDate {
				t.Errorf("Date = %s, want %s", got, tt.wantDate)
			}
			if a.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", a.Text, tt.wantText)
			}
		})
	}
}

// TestParseArticleBounded checks that a huge input is refused after
// reading at most MaxArticleBytes+1 bytes.
func TestParseArticleBounded(t *testing.T) {
	r := &countingReader{}
	_, err := ParseArticle("big.txt", r, "2024-01-01")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ParseArticle(endless input) error = %v, want ErrTooLarge", err)
	}
	if r.n > MaxArticleBytes+64*1024 {
		t.Errorf("read %d bytes, want about %d", r.n, MaxArticleBytes)
	}
}

type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	copy(p, bytes.Repeat([]byte("a"), len(p)))
	r.n += len(p)
	return len(p), nil
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

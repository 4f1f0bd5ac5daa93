package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func loadArticles(b *testing.B, dir string) []*Article {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		b.Skipf("no articles in %s", dir)
	}
	var out []*Article
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(f), r, "")
		r.Close()
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func benchExtract(b *testing.B, arts []*Article) {
	g := NewExtractor()
	ctx := context.Background()
	bytes := 0
	for _, a := range arts {
		bytes += len(a.Text)
	}
	b.SetBytes(int64(bytes / len(arts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := g.Extract(ctx, arts[i%len(arts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtract extracts the shared development articles, one article
// per iteration.
func BenchmarkExtract(b *testing.B) {
	shared := sharedDir(b)
	benchExtract(b, loadArticles(b, filepath.Join(shared, "data", "articles")))
}

// BenchmarkExtractOwn extracts the articles in testdata/articles.
func BenchmarkExtractOwn(b *testing.B) {
	benchExtract(b, loadArticles(b, filepath.Join("testdata", "articles")))
}

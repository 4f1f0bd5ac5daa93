package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kin/sqlstore"
)

// browser starts headless Chromium for one test, or skips the test when
// there is none (.ci/chromium.sh installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("chromium not found: run .ci/chromium.sh to install it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// shot saves a screenshot of the page as name.png in $KIN_TEST_OUT or the
// test's temporary folder.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("KIN_TEST_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are slow")
	}
	ctx := browser(t)
	e := newEnv(t)
	base := e.ts.URL
	var text string

	// Log in.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`#name`),
		chromedp.SendKeys(`#name`, "ed"),
		chromedp.SendKeys(`#password`, "ed-password"),
		chromedp.Click(`#login`),
		chromedp.WaitVisible(`.counts`),
	); err != nil {
		t.Fatalf("log in: %v", err)
	}
	text = mustText(t, ctx, `main`)
	if !strings.Contains(text, "12 people") {
		t.Errorf("home page after login: %q lacks 12 people", text)
	}
	shot(t, ctx, "1-home")

	// Search as you type, then open the person.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#q`, "georg"),
		chromedp.WaitVisible(`#suggest li a`),
	); err != nil {
		t.Fatalf("search: %v", err)
	}
	shot(t, ctx, "2-search")
	if err := chromedp.Do(ctx,
		chromedp.Click(`#suggest li a`),
		chromedp.WaitVisible(`#name`),
	); err != nil {
		t.Fatalf("open person: %v", err)
	}
	text = mustText(t, ctx, `main`)
	for _, w := range []string{"George Harlow", "Thomas Harlow", "Peter Harlow", "Parish register"} {
		if !strings.Contains(text, w) {
			t.Errorf("person page lacks %q", w)
		}
	}
	shot(t, ctx, "3-person")

	// The pedigree chart of Maya.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/person/I10"),
		chromedp.WaitVisible(`#pedigree-link`),
		chromedp.Click(`#pedigree-link`),
		chromedp.WaitVisible(`#chart`),
		chromedp.Sleep(500*time.Millisecond),
	); err != nil {
		t.Fatalf("pedigree: %v", err)
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementById("chart").contentDocument.querySelectorAll("g.person").length`))
	if err != nil {
		t.Fatalf("count boxes: %v", err)
	}
	if boxes < 7 {
		t.Errorf("pedigree of Maya draws %d people, want at least 7", boxes)
	}
	shot(t, ctx, "4-pedigree")

	// Find a relationship.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/relate"),
		chromedp.WaitVisible(`#a`),
		chromedp.SendKeys(`#a`, "I10"),
		chromedp.SendKeys(`#b`, "I8"),
		chromedp.Click(`#find`),
		chromedp.WaitVisible(`#answer`),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatalf("relate: %v", err)
	}
	text = mustText(t, ctx, `#answer .answer`)
	if !strings.Contains(text, "niece") {
		t.Errorf("relationship answer %q lacks niece", text)
	}
	shot(t, ctx, "5-relate")

	// Accept the review item.
	revs, err := e.db.Tree("").Reviews(ctx, sqlstore.ReviewPending)
	if err != nil || len(revs) != 1 {
		t.Fatalf("Reviews = %v, %v", revs, err)
	}
	sel := fmt.Sprintf(`#review-%d button.accept`, revs[0].ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(sel),
	); err != nil {
		t.Fatalf("review: %v", err)
	}
	shot(t, ctx, "6-review")
	if err := chromedp.Do(ctx,
		chromedp.Click(sel),
		chromedp.WaitVisible(`.notice`),
	); err != nil {
		t.Fatalf("accept: %v", err)
	}
	text = mustText(t, ctx, `main`)
	if !strings.Contains(text, "Nothing waits for review") {
		t.Errorf("after accepting, the queue is not empty: %q", text)
	}
	shot(t, ctx, "7-accepted")
	if revs, _ := e.db.Tree("").Reviews(ctx, sqlstore.ReviewAccepted); len(revs) != 1 {
		t.Errorf("accepted reviews = %d, want 1", len(revs))
	}
}

func mustText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

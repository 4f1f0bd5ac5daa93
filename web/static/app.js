// kin's little script: names as you type in the search box, and a
// progress bar for uploads. Pages work without it.
"use strict";
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  var q = document.getElementById("q");
  var box = document.getElementById("suggest");
  if (q && box) {
    var timer = null, seq = 0;
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = q.value.trim();
        var mine = ++seq;
        if (text.length < 2) { box.hidden = true; return; }
        fetch("/api/v1/search?limit=10&q=" + encodeURIComponent(text), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (res) {
            if (mine !== seq) return;
            box.textContent = "";
            res.items.forEach(function (p) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = "/person/" + encodeURIComponent(p.id);
              a.textContent = p.name + (p.dates ? " " + p.dates : "");
              li.appendChild(a);
              box.appendChild(li);
            });
            box.hidden = res.items.length === 0;
          });
      }, 150);
    });
    document.addEventListener("click", function (e) { if (e.target !== q) box.hidden = true; });
  }

  var form = document.getElementById("upload-form");
  if (form && window.XMLHttpRequest) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var bar = document.getElementById("progress"), text = document.getElementById("progress-text");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/upload");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      bar.hidden = false;
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) {
          bar.value = Math.round(100 * ev.loaded / ev.total);
          text.textContent = bar.value < 100 ? "uploading " + bar.value + "%" : "storing…";
        }
      };
      xhr.onload = function () {
        var res = {};
        try { res = JSON.parse(xhr.responseText); } catch (err) {}
        bar.value = 100;
        text.textContent = xhr.status === 200 ? res.message : "failed: " + ((res.error && res.error.message) || xhr.statusText);
      };
      xhr.onerror = function () { text.textContent = "failed: the connection broke"; };
      xhr.send(new FormData(form));
    });
  }
})();

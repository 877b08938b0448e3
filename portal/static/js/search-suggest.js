// Suggestions while typing in the search box: fills the <datalist> the input is linked to.
// Progressive enhancement only: without this script the search form works the same.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var q = input.value.trim();
    window.clearTimeout(timer);
    if (q.length < 2 || q === last) return;
    timer = window.setTimeout(function () {
      last = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (title) {
            var option = document.createElement("option");
            option.value = title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience: stay silent */ });
    }, 200);
  });
})();

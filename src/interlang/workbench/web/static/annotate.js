// Keyboard annotation: keys 1-6 pick A1-C2, Enter submits (outside the comment box).
document.addEventListener("keydown", function (event) {
  var form = document.getElementById("assess");
  if (!form) return;
  var target = event.target;
  var typing = target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" && target.type === "text");
  if (typing) return;
  if (event.key >= "1" && event.key <= "6") {
    var radio = form.querySelector('input[name="level"][data-key="' + event.key + '"]');
    if (radio) { radio.checked = true; event.preventDefault(); }
  } else if (event.key === "Enter") {
    if (form.querySelector('input[name="level"]:checked')) { event.preventDefault(); form.requestSubmit(); }
  }
});

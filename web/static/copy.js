// Copy buttons: progressive enhancement only; without JavaScript the citation stays selectable text.
document.querySelectorAll("button.copy").forEach(function (button) {
  var target = document.getElementById(button.dataset.copy);
  if (!target || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.textContent.trim()).then(function () {
      button.textContent = "Đã sao chép";
    });
  });
});

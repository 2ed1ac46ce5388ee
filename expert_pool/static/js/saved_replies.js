// Saved replies: the "Insert" button beside a picker puts the chosen text into its note, at the
// cursor (or after what is written), and gives the note the focus to adapt it.
document.querySelectorAll("[data-reply-picker]").forEach((picker) => {
  const select = picker.querySelector("select");
  const button = picker.querySelector("[data-insert-into]");
  button.addEventListener("click", () => {
    const note = document.getElementById(button.dataset.insertInto);
    if (!note || !select.value) return;
    const start = note.selectionStart ?? note.value.length;
    const end = note.selectionEnd ?? note.value.length;
    const before = note.value.slice(0, start);
    const glue = before && !before.endsWith("\n") ? "\n" : "";
    note.value = before + glue + select.value + note.value.slice(end);
    const caret = (before + glue + select.value).length;
    note.focus();
    note.setSelectionRange(caret, caret);
  });
});

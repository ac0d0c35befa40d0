// Progressive enhancement: a form marked data-working says so while the server works
// (reading a long text, proposing requirements), and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.working) return;
  const button = form.querySelector("button[type=submit]");
  if (button) {
    button.disabled = true;
  }
  let status = form.querySelector(".working");
  if (!status) {
    status = document.createElement("p");
    status.className = "working";
    status.setAttribute("role", "status");
    form.append(status);
  }
  status.textContent = form.dataset.working;
});

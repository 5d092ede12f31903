document.getElementById("root")!.textContent = "Balai";

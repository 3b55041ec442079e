document.getElementById("root").textContent = "weft test app";

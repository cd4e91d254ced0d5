import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@onflex/react/styles.css";
import "./app/demo.css";
import { App } from "./app/App.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App path={window.location.pathname} />
  </StrictMode>,
);

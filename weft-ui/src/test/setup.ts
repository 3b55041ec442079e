import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { setCsrfToken } from "../api/client";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
  document.cookie = "weft_csrf=; max-age=0; path=/";
  localStorage.clear();
  sessionStorage.clear();
  delete document.documentElement.dataset.theme;
});

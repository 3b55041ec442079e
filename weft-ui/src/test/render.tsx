import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { App } from "../App";
import { SessionProvider } from "../auth/session";

/** The whole app, as main.tsx builds it, at one address. */
export function renderApp(path = "/") {
  return render(
    <SessionProvider>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </SessionProvider>,
  );
}

import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router";

/**
 * The confirmation another page passed along in the navigation's state ({ notice }), and a setter for the
 * page's own. It is shown once: the state is cleared from the history entry at once, so a reload or going
 * back does not show it again; a new navigation with a notice (to the same page) shows the new one.
 */
export function useNavigatedNotice(): [string | null, (text: string | null) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const passed = location.state as { notice?: unknown } | null;
  const [notice, setNotice] = useState<string | null>(typeof passed?.notice === "string" ? passed.notice : null);
  useEffect(() => {
    if (typeof passed?.notice !== "string") return;
    setNotice(passed.notice);
    navigate(`${location.pathname}${location.search}${location.hash}`, { replace: true, state: null });
  }, [passed, location.pathname, location.search, location.hash, navigate]);
  return [notice, setNotice];
}

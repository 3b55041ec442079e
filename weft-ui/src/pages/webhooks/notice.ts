import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router";

/**
 * The notice the page that navigated here passed along (navigate(to, { state: { notice } })), shown once: it is
 * taken out of the history entry so that a reload or going back does not show it again.
 */
export function usePassedNotice(): [string | null, (text: string | null) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const passed = (location.state as { notice?: string } | null)?.notice ?? null;
  const [notice, setNotice] = useState<string | null>(passed);
  useEffect(() => {
    if (passed) {
      setNotice(passed);
      navigate(location.pathname + location.search, { replace: true, state: null });
    }
  }, [passed, location.pathname, location.search, navigate]);
  return [notice, setNotice];
}

import { describe, expect, it } from "vitest";
import { millis, percent, seconds } from "./format";

describe("the dashboard's numbers", () => {
  it("reads rates, durations and lags as a person would", () => {
    expect(percent(0.25)).toBe("25%");
    expect(percent(1 / 3)).toBe("33.3%");
    expect(millis(850)).toBe("850 ms");
    expect(millis(4200)).toBe("4.2 s");
    expect(millis(185_000)).toBe("3 min 5 s");
    expect(seconds(7_800)).toBe("2 h 10 min");
    expect(seconds(3 * 86_400 + 4 * 3_600 + 59)).toBe("3 d 4 h");
    expect(seconds(3_600)).toBe("1 h");
  });
});

import { render, screen } from "@testing-library/react";
import { useState, version } from "react";
import { version as domVersion } from "react-dom";
import { describe, expect, it } from "vitest";

// The "react" and "react-18" Vitest projects run the same component tests on two majors of
// React. This proves each runs the one it names, by every path a test reaches React: the
// test's own imports, react-dom, and Testing Library's renderer (hooks only work when the
// renderer and the component share one React).
describe("the React under test", () => {
  it("is the major the project names", () => {
    const expected = process.env.ONFLEX_EXPECT_REACT;
    expect(expected).toMatch(/^\d+$/);
    expect(version.split(".")[0]).toBe(expected);
    expect(domVersion.split(".")[0]).toBe(expected);
  });

  it("is the one Testing Library renders with", () => {
    function Counter() {
      const [count] = useState(1);
      return <p>count {count}</p>;
    }
    render(<Counter />);
    expect(screen.getByText("count 1")).toBeInTheDocument();
  });
});

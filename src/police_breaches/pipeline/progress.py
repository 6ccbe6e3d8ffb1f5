"""What the build says as it goes: each step as it finishes, with its time; a family of steps
(``forces/<force>``) as one line once all of it is done; then what was up to date, and, if a step failed,
the steps it kept from running. Lines are written whole, so parallel steps never interleave."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, names: list[str], out=sys.stdout):
        self.out, self.started = out, time.perf_counter()
        self.left = {family: sum(family_of(n) == family for n in names) for family in map(family_of, names) if family}
        self.family_ran: dict[str, list[tuple[str, float]]] = {}
        self.ran: list[float] = []
        self.skipped: list[str] = []
        self.failed: list[str] = []
        self.blocked: list[str] = []

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _done(self, name: str, seconds: float | None = None) -> bool:
        """Count a family member done (writing the family's line after its last); False for a lone step."""
        family = family_of(name)
        if not family:
            return False
        if seconds is not None:
            self.family_ran.setdefault(family, []).append((name, seconds))
        self.left[family] -= 1
        ran = self.family_ran.get(family, [])
        if not self.left[family] and ran:
            named = f" ({', '.join(n for n, _ in ran)})" if len(ran) <= 10 else ""
            self.write(f"▶ {family} (one step each) … {len(ran)} run{named}, {sum(t for _, t in ran):.2f} s\n")
        return True

    def succeeded(self, name: str, seconds: float) -> None:
        self.ran.append(seconds)
        if not self._done(name, seconds):
            self.write(f"▶ {name} … {seconds:.2f} s\n")

    def up_to_date(self, name: str) -> None:
        self.skipped.append(name)
        self._done(name)

    def failed_step(self, name: str, message: str) -> None:
        self.failed.append(name)
        self.write(f"▶ {name} … failed\n  {message}\n")
        self._done(name)

    def not_run(self, name: str) -> None:
        """A step not run because a step it reads from failed."""
        self.blocked.append(name)
        self._done(name)

    def note(self, text: str) -> None:
        self.write(f"  {text}\n")

    def finish(self, order: list[str]) -> None:
        if self.skipped:
            self.write(f"up to date: {named(self.skipped, order)}\n")
        total = time.perf_counter() - self.started
        if self.failed:
            blocked = f"; not run because of it: {named(self.blocked, order)}" if self.blocked else ""
            self.write(f"build failed after {total:.1f} s: {len(self.failed)} step(s) failed ({named(self.failed, order)})"
                       f"{blocked}. The outputs of a step that failed or did not run were left as they were.\n")
        else:
            self.write(f"done in {total:.2f} s: {len(self.ran)} step(s) run ({sum(self.ran):.2f} s of work), "
                       f"{len(self.skipped)} up to date\n")


def family_of(name: str) -> str | None:
    return {"forces": "force pages"}.get(name.split("/")[0], name.split("/")[0]) if "/" in name else None


def named(names: list[str], order: list[str]) -> str:
    """Steps in the build's order, a family of more than three as its count ('45 force pages')."""
    names = sorted(names, key=order.index)
    lone = [name for name in names if not family_of(name)]
    families: dict[str, list[str]] = {}
    for name in names:
        if family_of(name):
            families.setdefault(family_of(name), []).append(name)
    return ", ".join([*lone, *(", ".join(members) if len(members) <= 3 else f"{len(members)} {family}"
                               for family, members in families.items())])

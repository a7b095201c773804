"""Login throttling: after a few failed logins an account name, or a client address, is locked.

The counters live in the database (table ``login_throttle``) so that every worker process sees
the same ones. Each lock-out doubles the next (exponential back-off) until a successful login
clears the account's counter; a quiet day clears either. The lock-out is checked before the
password, so the right password during a lock-out is refused too, and the answer is the same
whether or not the account exists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interlang.workbench.config import WorkbenchSettings
from interlang.workbench.db.models import LoginThrottle, User
from interlang.workbench.errors import TooManyAttempts
from interlang.workbench.service.common import audit, aware

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class LoginPolicy:
    """How many failures, inside which window, lock for how long (see ``WorkbenchSettings.login_*``)."""

    max_failures: int = 5
    max_failures_per_address: int = 20
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)
    max_lockout: timedelta = timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: WorkbenchSettings) -> LoginPolicy:
        """The policy of the app's settings (``login_*`` fields)."""
        return cls(
            max_failures=settings.login_max_failures,
            max_failures_per_address=settings.login_max_failures_per_address,
            window=timedelta(seconds=settings.login_window_seconds),
            lockout=timedelta(seconds=settings.login_lockout_seconds),
            max_lockout=timedelta(seconds=settings.login_lockout_max_seconds),
        )

    def limit(self, scope: str) -> int:
        """Failures allowed inside the window for an account name or a client address."""
        return self.max_failures if scope == ACCOUNT else self.max_failures_per_address

    def lockout_for(self, lockouts: int) -> timedelta:
        """The ``lockouts``-th lock-out in a row: the first one, doubled for each before it."""
        seconds = self.lockout.total_seconds() * 2 ** max(0, min(lockouts - 1, 30))
        return timedelta(seconds=min(seconds, self.max_lockout.total_seconds()))


#: (scope, key) pairs a login attempt is counted under.
Keys = Sequence[tuple[str, str]]


def keys_for(username: str, address: str | None) -> list[tuple[str, str]]:
    """The account name (case-folded, so ``Admin`` counts for ``admin``) and the client address."""
    keys = [(ACCOUNT, username.strip().casefold()[:255])]
    if address:
        keys.append((ADDRESS, address[:255]))
    return keys


def wording(seconds: float) -> str:
    """``"45 seconds"``, ``"15 minutes"``, ``"2 hours"``: how long to wait, rounded up."""
    if seconds < 90:
        n, unit = max(1, math.ceil(seconds)), "second"
    elif seconds < 90 * 60:
        n, unit = math.ceil(seconds / 60), "minute"
    else:
        n, unit = math.ceil(seconds / 3600), "hour"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _refusal(scope: str, until: datetime, now: datetime) -> TooManyAttempts:
    wait = max(1, math.ceil((aware(until) - now).total_seconds()))
    whom = "this account" if scope == ACCOUNT else "your address"
    return TooManyAttempts(
        f"too many failed logins for {whom}: try again in {wording(wait)}", retry_after=wait,
        detail={"scope": scope, "retry_after": wait},
    )


def check_not_locked(db: Session, keys: Keys, now: datetime) -> None:
    """Raise :class:`TooManyAttempts` (429) while any of ``keys`` is locked (the longest wait wins)."""
    worst: tuple[datetime, str] | None = None
    for scope, key in keys:
        row = db.scalar(select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key))
        if row is not None and row.locked_until is not None and aware(row.locked_until) > now:
            until = aware(row.locked_until)
            if worst is None or until > worst[0]:
                worst = (until, scope)
    if worst is not None:
        raise _refusal(worst[1], worst[0], now)


def record_failure(db: Session, keys: Keys, policy: LoginPolicy, now: datetime, user: User | None) -> None:
    """Count one failed login under every key; a key that reaches its limit is locked (and audited).

    Raises :class:`TooManyAttempts` when this failure locked a key, so the attempt that trips
    the limit already answers 429. Two workers creating the same row at once: the loser retries.
    """
    locked: tuple[str, datetime] | None = None
    for attempt in range(3):
        try:
            locked = _count(db, keys, policy, now, user)
            db.commit()
            break
        except IntegrityError:
            db.rollback()
            if attempt == 2:
                raise
    if locked is not None:
        raise _refusal(locked[0], locked[1], now)


def _count(db: Session, keys: Keys, policy: LoginPolicy, now: datetime,
           user: User | None) -> tuple[str, datetime] | None:
    # Forget keys that have been quiet for longer than the longest lock-out (bounded table).
    db.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - policy.max_lockout))
    locked: tuple[str, datetime] | None = None
    for scope, key in keys:
        row = db.scalar(
            select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key).with_for_update()
        )
        if row is None:
            row = LoginThrottle(scope=scope, key=key, failures=0, window_start=now, lockouts=0, last_failure_at=now)
            db.add(row)
            db.flush()
        if now - aware(row.window_start) > policy.window:
            row.failures, row.window_start = 0, now
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= policy.limit(scope):
            row.lockouts += 1
            until = now + policy.lockout_for(row.lockouts)
            row.locked_until, row.failures, row.window_start = until, 0, now
            audit(db, None, user if scope == ACCOUNT else None, "login_locked", detail={
                "scope": scope, "key": key, "lockouts": row.lockouts,
                "seconds": int((until - now).total_seconds()), "until": until.isoformat(),
            })
            if locked is None or until > locked[1]:
                locked = (scope, until)
    return locked


def clear_account(db: Session, username: str) -> None:
    """A successful login: the account's failures and back-off start again from zero."""
    db.execute(delete(LoginThrottle).where(LoginThrottle.scope == ACCOUNT,
                                           LoginThrottle.key == keys_for(username, None)[0][1]))

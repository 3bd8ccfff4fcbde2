"""A ticket's life: the rules (:mod:`.rules`) and the clock arithmetic (:mod:`.clocks`).

The public ticket API (``Event``, ``evaluate``, ``Ticket``...) is importable from
:mod:`slaclock` itself; these modules are the one home of the rules every path reads.
"""

"""A ticket's life: the rules (:mod:`.rules`), the clock arithmetic (:mod:`.clocks`), the
answers as values (:mod:`.status`) and a ticket's stored document (:mod:`.stored`).

The public ticket API (``Event``, ``evaluate``, ``Ticket``...) is importable from
:mod:`slaclock` itself; these modules are the one home of the rules every path reads.
"""

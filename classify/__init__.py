"""Disclosure-attribute suggestion (主动公开 / 依申请公开 / 不予公开 with its ground).

Not built yet: see the classification issue. Ingest already recognises the markings
this stage will weigh first (密级, the 附注 disclosure marking), as document elements.
"""

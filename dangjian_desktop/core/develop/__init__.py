"""发展党员全程纪实 (issue 16): from 入党申请 to 转正, every step recorded, timed and checked. No Qt here.

rules.py    stages, steps, the national rules as one versioned table, the local settings
path.py     one person's path replayed from the recorded steps: stage, dates, warnings, next step
vote.py     the 支部大会 vote (应到 from the roster, quorum and majority of 应到)
service.py  the writes, each one call owning its transaction
queries.py  the list, a person's page, reminders
stats.py    the branch's statistics and the township's counts
"""

"""Qualification: programmes and courses, enrolment with waiting list, attendance recorded by programme providers, reminders."""

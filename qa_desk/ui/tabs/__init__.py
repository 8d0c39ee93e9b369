"""The tabs of the complaint window for investigation, findings, actions, review and reply."""

"""Printed records (reportlab) and the Excel register and its import (openpyxl)."""

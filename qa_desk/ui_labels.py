"""Labels shared by the GUI and the printed forms (no Qt here)."""

MEDICAL_LABELS = [("user_org", "使用单位", "User / hospital"), ("storage_ok", "储存条件是否符合", "Storage as required"),
                  ("quantity_bought", "购进数量", "Quantity bought"), ("stock", "库存", "Stock"),
                  ("dispensing_ok", "调配是否正确", "Dispensing correct"),
                  ("physician_qualification", "医师资质", "Physician's qualification"),
                  ("physician_years", "从业年限", "Years of practice"),
                  ("physician_experience", "使用本品经验", "Experience with this product"),
                  ("patient_sex", "患者性别", "Patient's sex"), ("patient_age", "年龄", "Age"),
                  ("patient_health", "健康状况", "Health"), ("indication", "适应症", "Indication"),
                  ("history", "病史", "History"), ("dose", "用法用量", "Dose"), ("concomitant", "合并用药", "Concomitant"),
                  ("allergies", "过敏史", "Allergies"), ("manifestation", "临床表现", "Clinical manifestation"),
                  ("outcome", "转归", "Outcome")]

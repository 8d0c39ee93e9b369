"""The intake wizard's pages, in order: receipt, complainant, product, complaint, initial check,
classification (QA only), summary."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QDateTime, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
)

from qa_desk.core import listing, triage
from qa_desk.ui.i18n import T, language
from qa_desk.ui.intake.base import Page
from qa_desk.ui.widgets import report_combo, vocab_combo


class ReceiptPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "接收信息", "Receipt")
        pol = wizard.session.policy
        self.add("channel", vocab_combo(pol, "channel", empty=T("（请选择）", "(choose)")), "投诉渠道", "Channel")
        now = QDateTime(wizard.session.now().astimezone().replace(tzinfo=None))
        when = QDateTimeEdit(now)
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd HH:mm")
        when.setMaximumDateTime(now.addSecs(300))
        self.add("received_at", when, "接收时间", "Received at")
        self.form.addRow(T("接收人", "Receiver"), QLabel(wizard.session.actor.display_name))
        self.add("first_contact", QLineEdit(), "首问负责人（如与接收人不同）", "First-contact person (if different)")
        self.add("acknowledged", QCheckBox(T("已告知投诉人已收到（确认收悉）", "The complainant was told we received it")))
        self.form.addRow(self.fields["acknowledged"])
        self.add("ack_method", vocab_combo(pol, "ack_method", empty=T("（方式）", "(how)")), "确认方式", "How")

    def owned_fields(self) -> tuple[str, ...]:
        return ("acknowledged_at",)


class ComplainantPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "投诉人", "Complainant")
        pol = wizard.session.policy
        self.add("complainant_type", vocab_combo(pol, "complainant_type", empty=T("（请选择）", "(choose)")),
                 "投诉人类型", "Type")
        self.add("anonymous", QCheckBox(T("匿名投诉（无需答复）", "Anonymous (no reply owed)")))
        self.form.addRow(self.fields["anonymous"])
        for name, zh, en in (("complainant_name", "姓名", "Name"), ("complainant_org", "单位", "Organisation"),
                             ("contact_person", "联系人", "Contact person"), ("phone", "电话", "Phone"),
                             ("address", "地址", "Address"), ("email", "电子邮件", "E-mail")):
            self.add(name, QLineEdit(), zh, en)
        self.fields["anonymous"].toggled.connect(self._anonymous)

    def _anonymous(self, on: bool) -> None:
        for name in ("complainant_name", "contact_person", "phone", "address", "email"):
            self.fields[name].setEnabled(not on)


class ProductPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "产品", "Product")
        db = wizard.session.db
        product = self.add("product_name", QLineEdit(), "产品名称", "Product")
        product.setCompleter(QCompleter(listing.products(db), self))
        self.strength = self.add("strength", QLineEdit(), "规格", "Strength")
        self.add("package_form", QLineEdit(), "包装形式", "Package form")
        self.batch = self.add("batch_no", QLineEdit(), "批号", "Batch")
        for name, zh, en in (("mfg_date", "生产日期", "Manufactured"), ("expiry_date", "有效期至", "Expiry")):
            w = self.add(name, QLineEdit(), zh, en)
            w.setPlaceholderText("YYYY-MM-DD")
        row = QHBoxLayout()
        self.add("quantity", QLineEdit())
        self.add("unit", QLineEdit())
        self.fields["unit"].setPlaceholderText(T("单位（盒、瓶…）", "unit (box, bottle…)"))
        row.addWidget(self.fields["quantity"])
        row.addWidget(self.fields["unit"])
        self.form.addRow(T("涉及数量", "Quantity"), row)
        self.add("purchase_place", QLineEdit(), "购买地点", "Where bought")
        self.add("purchase_date", QLineEdit(), "购买日期", "Purchase date").setPlaceholderText("YYYY-MM-DD")
        self.related_title = QLabel()
        self.related = QListWidget()
        self.related.setObjectName("related")
        self.related.setMaximumHeight(140)
        self.extra.addWidget(self.related_title)
        self.extra.addWidget(self.related)
        self._lookup = QTimer(self, singleShot=True, interval=300)
        self._lookup.timeout.connect(self.refresh_related)
        product.textChanged.connect(lambda _t: self._lookup.start())
        self.batch.textChanged.connect(lambda _t: self._lookup.start())
        product.editingFinished.connect(self._complete_for_product)

    def _complete_for_product(self) -> None:
        db, name = self.wiz.session.db, self.fields["product_name"].text().strip()
        if name:
            self.strength.setCompleter(QCompleter(listing.strengths(db, name), self))
            self.batch.setCompleter(QCompleter(listing.batches(db, name), self))

    def refresh_related(self) -> None:
        """As soon as a batch or product is entered, show the other complaints on it (last 12 months)."""
        from qa_desk.core.validation import normalise_batch

        name = self.fields["product_name"].text().strip() or None
        batch = normalise_batch(self.batch.text())
        rows = listing.related_to(self.wiz.session.db, product=name, batch=batch, now=self.wiz.session.now())
        self.related.clear()
        same_batch = sum(1 for r in rows if r["link"] == "batch")
        self.related_title.setText(T(f"近12个月相关投诉：同批 {same_batch} 条，同品种 {len(rows) - same_batch} 条",
                                     f"Last 12 months: {same_batch} on this batch, {len(rows) - same_batch} on this "
                                     "product") if rows else "")
        for r in rows:
            tag = T("同批", "batch") if r["link"] == "batch" else T("同品种", "product")
            self.related.addItem(f"[{tag}] {r['number']}  {r['received_at'][:10]}  {r['class'] or '—'}  "
                                 f"{(r['description'] or '')[:60]}")


class AttachmentList(QListWidget):
    """Thumbnails of the attached photos and scans; files can be dropped on it."""

    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("attachments")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setAcceptDrops(True)
        self.setMaximumHeight(140)

    def dragEnterEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dragMoveEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dropEvent(self, e) -> None:  # noqa: N802
        for url in e.mimeData().urls():
            if url.isLocalFile():
                self.page.add_file(url.toLocalFile())
        e.acceptProposedAction()


class ComplaintPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "投诉内容", "The complaint")
        self.add("description", QPlainTextEdit(), "投诉内容（投诉人原话）", "Complaint (the complainant's words)")
        self.add("request", QLineEdit(), "投诉请求", "What the complainant asks for")
        self.add("storage_use", QPlainTextEdit(), "储存、使用经过", "How it was stored and used")
        self.fields["storage_use"].setMaximumHeight(70)
        for name, zh, en in (("sample_available", "有样品", "Sample available"),
                             ("sample_requested", "已索要样品", "Sample requested"),
                             ("adverse_event", "发生不良反应/不良事件", "Adverse reaction/event occurred")):
            self.form.addRow(self.add(name, QCheckBox(T(zh, en))))
        self.files: list[str] = []
        self.attachments = AttachmentList(self)
        add = QPushButton(T("添加附件（照片、扫描件）…", "Add attachment (photo, scan)…"))
        add.clicked.connect(self._choose)
        self.extra.addWidget(QLabel(T("附件（可拖放文件到此处）", "Attachments (drop files here)")))
        self.extra.addWidget(self.attachments)
        self.extra.addWidget(add)

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, T("选择附件", "Choose attachments"))
        for n in names:
            self.add_file(n)

    def add_file(self, path: str) -> None:
        if path in self.files:
            return
        self.files.append(path)
        pix = QPixmap(path)
        icon = QIcon(pix.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio)) if not pix.isNull() else QIcon()
        self.attachments.addItem(QListWidgetItem(icon, Path(path).name))
        self.wiz.field_changed()

    def values(self) -> dict:
        return {**super().values(), "attachment_paths": list(self.files)}

    def restore(self, data: dict) -> None:
        super().restore(data)
        for p in data.get("attachment_paths") or []:
            if Path(p).exists():
                self.add_file(p)

    def owned_fields(self) -> tuple[str, ...]:
        return ("attachments",)


class CheckPage(Page):
    """Initial check: in scope or not, and possible duplicates to link or dismiss."""

    def __init__(self, wizard, *, qa: bool) -> None:
        super().__init__(wizard, "初步确认", "Initial check")
        self.qa = qa
        if qa:
            self.form.addRow(self.add("in_scope", QCheckBox(T("属于本公司产品且在责任期内（在范围内）",
                                                              "Our product, within expiry/responsibility (in scope)"))))
            self.fields["in_scope"].setChecked(True)
            self.add("scope_reason", QLineEdit(), "不在范围的原因", "Why out of scope")
        self.dups = QListWidget()
        self.dups.setObjectName("duplicates")
        self.dups.itemChanged.connect(lambda _i: self.wiz.field_changed())
        self.extra.addWidget(QLabel(T("可能重复的投诉（近30天同批或同品种、内容相似）：勾选即关联，不勾选即忽略",
                                      "Possible duplicates (same batch or product, similar text, last 30 days): "
                                      "tick to link, leave unticked to dismiss")))
        self.extra.addWidget(self.dups)

    def initializePage(self) -> None:  # noqa: N802
        v = self.wiz.collect()
        from qa_desk.core.validation import normalise_batch

        rows = listing.possible_duplicates(self.wiz.session.db, product=v.get("product_name"),
                                           batch=normalise_batch(v.get("batch_no")), description=v.get("description"),
                                           now=self.wiz.session.now())
        linked = set(self.wiz.restored.get("links") or [])
        self.dups.clear()
        for r in rows:
            item = QListWidgetItem(f"{r['number']}  {r['received_at'][:10]}  {T('相似度', 'similarity')} "
                                   f"{r['score']:.0%}  {(r['description'] or '')[:60]}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r["id"] in linked else Qt.CheckState.Unchecked)
            self.dups.addItem(item)
        if not rows:
            self.dups.addItem(T("没有发现可能重复的投诉。", "No possible duplicates found."))

    def values(self) -> dict:
        links = [self.dups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.dups.count())
                 if self.dups.item(i).checkState() == Qt.CheckState.Checked]
        return {**super().values(), "links": [x for x in links if x is not None]}


class ClassificationPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "分类", "Classification")
        pol = wizard.session.policy
        self.add("nature", vocab_combo(pol, "nature", empty=T("（请选择）", "(choose)")), "投诉性质", "Nature")
        self.add("category", vocab_combo(pol, "category", empty=T("（请选择）", "(choose)")), "投诉类别", "Category")
        self.add("defect_type", vocab_combo(pol, "defect_type", empty=T("（请选择）", "(choose)")), "缺陷类型",
                 "Defect type")
        self.rule = QLabel()
        self.rule.setObjectName("rule")
        self.rule.setWordWrap(True)
        self.form.addRow(T("建议分类", "Suggested class"), self.rule)
        self.add("severity_class", vocab_combo(pol, "class", empty=T("采用建议分类", "Use the suggested class")),
                 "严重程度分类", "Class")
        self.add("class_override_reason", QLineEdit(), "变更分类的书面理由", "Written reason for another class")
        self.add("priority", vocab_combo(pol, "priority", empty=T("按分类", "From the class")), "优先级", "Priority")
        self.add("priority_reason", QLineEdit(), "降低优先级的理由", "Reason for a lower priority")
        self.form.addRow(self.add("investigate", QCheckBox(T("需要调查", "Investigate"))))
        self.fields["investigate"].setChecked(True)
        self.add("no_investigation_reason", QLineEdit(), "不调查的原因", "Why not investigate")
        self.form.addRow(self.add("reportable", QCheckBox(T("需向监管部门报告", "Reportable to an authority"))))
        self.add("report_type", report_combo(pol), "报告类型", "Report type")
        self.add("reportability_rationale", QLineEdit(), "报告判定依据", "How reportability was decided")
        self.next_steps = QLabel()
        self.next_steps.setObjectName("class_i_notice")
        self.next_steps.setWordWrap(True)
        self.next_steps.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.extra.addWidget(self.next_steps)
        self.fields["defect_type"].currentIndexChanged.connect(self.update_rule)
        self.fields["severity_class"].currentIndexChanged.connect(self.update_rule)

    def update_rule(self) -> None:
        s = self.wiz.session
        code, zh, en = triage.suggest(s, self.fields["defect_type"].currentData())
        self.rule.setText(T(zh, en) if code else T("选择缺陷类型后显示", "shown once a defect type is chosen"))
        chosen = self.fields["severity_class"].currentData() or code
        self.fields["class_override_reason"].setEnabled(bool(chosen and code and chosen != code))
        if chosen == "I":
            self.next_steps.setText(T("I 类：保存后立即通知质量保证部部长和质量副总，在其确认知悉前置顶显示；必须作出召回决定。",
                                      "Class I: on saving, the QA head and the quality VP are told at once and it "
                                      "stays pinned until both acknowledge; a recall decision is required."))
        else:
            self.next_steps.setText("")

    def owned_fields(self) -> tuple[str, ...]:
        return ("class", "scope_reason")


class SummaryPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "核对并保存", "Check and save")
        self.view = QTextBrowser()
        self.view.setObjectName("summary")
        self.view.setMinimumHeight(440)
        self.extra.addWidget(self.view)

    def initializePage(self) -> None:  # noqa: N802
        v, pol, lang = self.wiz.collect(), self.wiz.session.policy, language()
        vocab = {"channel": "channel", "complainant_type": "complainant_type", "nature": "nature",
                 "category": "category", "severity_class": "class", "priority": "priority",
                 "defect_type": "defect_type", "ack_method": "ack_method"}
        rows = []
        for page in self.wiz.content_pages():
            rows.append(f"<tr><th colspan=2 align=left style='background:#eceff1'>{html.escape(page.title())}</th></tr>")
            for name, w in page.fields.items():
                value = v.get(name)
                if name in vocab and value:
                    value = pol.label(vocab[name], value, lang)
                if isinstance(value, bool):
                    value = T("是", "yes") if value else T("否", "no")
                if name == "received_at" and value:
                    value = value[:16].replace("T", " ")
                label = page.form.labelForField(w)
                text = label.text() if label is not None else (w.text() if isinstance(w, QCheckBox) else name)
                rows.append(f"<tr><td>{html.escape(text)}</td><td>{html.escape(str(value or ''))}</td></tr>")
        self.view.setHtml("<table cellpadding=3>" + "".join(rows) + "</table>")

    def validatePage(self) -> bool:  # noqa: N802
        return self.wiz.save()


"""The desk's status bar: devices, sync state, who is signed in, and which branch.

The device area is an empty slot the device bridge fills with its own widget;
the sync text comes from the outbox count the window fetches off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget


class DeskStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskStatusBar")
        self.setAccessibleName(self.tr("Status"))
        self.setSizeGripEnabled(False)

        self.device_area = QWidget(self)
        self.device_area.setObjectName("deviceArea")
        self.device_area.setAccessibleName(self.tr("Devices"))
        self._device_layout = QHBoxLayout(self.device_area)
        self._device_layout.setContentsMargins(0, 0, 0, 0)

        self.sync_label = self._label("syncState", self.tr("Sync state"))
        self.staff_label = self._label("staffName", self.tr("Signed-in staff"))
        self.branch_label = self._label("branchName", self.tr("Branch"))
        self.addWidget(self.device_area, 1)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.staff_label)
        self.addPermanentWidget(self.branch_label)
        self.set_outbox_count(None)

    def _label(self, object_name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setAccessibleName(accessible)
        return label

    def add_device_widget(self, widget: QWidget) -> None:
        """Where the devices helper's status widget goes."""
        self._device_layout.addWidget(widget)

    def set_outbox_count(self, waiting: int | None) -> None:
        """None: not known yet. The desk has no live server link yet, so it reports offline."""
        if waiting is None:
            self.sync_label.setText(self.tr("Sync: checking…"))
            self.sync_label.setStyleSheet("")
        elif waiting == 0:
            self.sync_label.setText(self.tr("Offline — nothing waiting"))
            self.sync_label.setStyleSheet("")
        else:
            self.sync_label.setText(self.tr("Offline — {count} changes waiting").format(count=waiting))
            self.sync_label.setStyleSheet("color: #8a6100;")

    def set_staff(self, name: str, role: str) -> None:
        """`role` is a StaffRole value; it is shown in words."""
        words = {
            "librarian": self.tr("Librarian"),
            "card_staff": self.tr("Card staff"),
            "technician": self.tr("Technician"),
            "supervisor": self.tr("Supervisor"),
            "administrator": self.tr("Administrator"),
        }
        self.staff_label.setText(self.tr("{name} ({role})").format(name=name, role=words.get(role, role)))

    def set_branch(self, name: str) -> None:
        self.branch_label.setText(name)

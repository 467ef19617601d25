"""conversation: staff texts with their sender, replies' read mark, canned answers

Revision ID: 0009
Revises: 0006
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_KINDS = (
    "kind IN ('confirmation', 'reminder', 'instruction', 'check', 'nudge', 'reply', 'page')"
)
NEW_KINDS = (
    "kind IN ('confirmation', 'reminder', 'instruction', 'check', 'nudge', 'reply', 'page', "
    "'staff')"
)
# Rebuilt by SQLite's batch mode, which does not carry a partial index's WHERE over.
PARTIAL_INDEXES = (
    (
        "ix_message_prompt_sent",
        ["kind", "sent_at", "patient_id", "id"],
        "kind IN ('check', 'nudge') AND status IN ('sent', 'delivered')",
    ),
    ("ix_message_pending_expires", ["expires_at"], "status = 'pending'"),
    ("ix_message_sending_claimed", ["claimed_until"], "status = 'sending'"),
)

# A few answers to start from; an admin edits, adds or deactivates them on the page.
SEEDS = [
    (
        "en",
        "Normal in the first week",
        "Swelling, tightness and small bumps are normal in the first week and settle as the "
        "threads soften. Sleep on your back, avoid massaging your face, and text us if "
        "anything gets worse.",
    ),
    (
        "en",
        "Please come in tomorrow",
        "We would like to see you. Please come in tomorrow: reply with a time that suits you, "
        "or call us and we will find one.",
    ),
    (
        "en",
        "Send a photo",
        "Thank you. Could you send us a photo of the area in good daylight? A clinician will "
        "look at it today.",
    ),
    (
        "en",
        "Bruising is expected",
        "Bruising is common after a thread lift and usually fades within 1 to 2 weeks. A cold "
        "pack for 10 minutes at a time in the first 48 hours helps.",
    ),
    (
        "ko",
        "첫 주에는 정상입니다",
        "첫 주에는 붓기, 당기는 느낌, 작은 울퉁불퉁함이 정상이며 실이 자리 잡으면서 "
        "가라앉습니다. 똑바로 누워 주무시고 얼굴 마사지는 피해 주세요. 더 심해지면 문자 주세요.",
    ),
    (
        "ko",
        "내일 내원해 주세요",
        "직접 뵙고 확인하고 싶습니다. 내일 내원해 주세요. 편하신 시간을 답장으로 알려 주시거나 "
        "전화 주시면 시간을 잡아 드리겠습니다.",
    ),
    (
        "ko",
        "사진을 보내 주세요",
        "감사합니다. 밝은 곳에서 해당 부위 사진을 보내 주시겠어요? 오늘 중으로 의료진이 "
        "확인하겠습니다.",
    ),
    (
        "ko",
        "멍은 흔합니다",
        "실리프팅 후 멍은 흔하며 보통 1~2주 안에 사라집니다. 처음 48시간 동안 한 번에 10분씩 "
        "냉찜질하면 도움이 됩니다.",
    ),
]


def _foreign_keys(on: bool) -> None:
    # SQLite batch mode copies and drops tables that other rows point at; the
    # copy takes the old name again, so the references hold once it is done.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _partial_indexes() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL alters the table in place: its indexes stay as they were
    for name, columns, where in PARTIAL_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.create_index(name, "message", columns, sqlite_where=sa.text(where))


def upgrade():
    canned = op.create_table(
        "canned_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("language IN ('en', 'ko')", name=op.f("ck_canned_answer_language")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["staff.id"], name=op.f("fk_canned_answer_updated_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_answer")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        canned,
        [
            {
                "title": title,
                "body": body,
                "language": language,
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for language, title, body in SEEDS
        ],
    )
    _foreign_keys(False)
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_message_sent_by_id_staff"), "staff", ["sent_by_id"], ["id"]
        )
        batch_op.drop_constraint(batch_op.f("ck_message_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)
    _partial_indexes()
    _foreign_keys(True)
    op.add_column("reply", sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    # Replies from before the inbox count as read: it starts with what comes next.
    op.execute("UPDATE reply SET read_at = received_at")


def downgrade():
    op.drop_column("reply", "read_at")
    _foreign_keys(False)
    op.execute("DELETE FROM message WHERE kind = 'staff'")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_message_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_constraint(batch_op.f("fk_message_sent_by_id_staff"), type_="foreignkey")
        batch_op.drop_column("sent_by_id")
    _partial_indexes()
    _foreign_keys(True)
    op.drop_table("canned_answer")

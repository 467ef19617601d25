"""Console backend: texts are stored and shown in the phone simulator, never sent."""

import logging
import secrets
from datetime import datetime

from clinic.sms.gateway import OutboundText, RemoteMessage, SendResult, mask_number

log = logging.getLogger(__name__)


class ConsoleGateway:
    """Pretends every text was delivered at once."""

    name = "console"

    def send(self, text: OutboundText) -> SendResult:
        """Return a Twilio-shaped SID and log the send without its body."""
        sid = "SMcon" + secrets.token_hex(14)[:27]
        log.info("console sms: message %s to %s as %s", text.message_id, mask_number(text.to), sid)
        return SendResult(sid=sid, status="delivered")

    def find_sent(self, to: str, body: str, since: datetime) -> RemoteMessage | None:
        """Nothing ever leaves the console, so nothing is out there to find."""
        return None

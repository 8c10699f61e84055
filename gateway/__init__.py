"""The Ticket Alerts Gateway: alerts a consultant must see when opening a ticket."""

__version__ = "0.1.0"

"""Source catalog facts (SourceMetadataV1).

Ids and logos marked "seed" are copied from /work/shared (seed 004 and the v36 spec examples);
everything else gets a deterministic id from ids.alnum("source:<slug>"). Library sources are
Segment's SDKs; cloud sources are either event sources (webhook-fed, isCloudEventSource true)
or object sources (API sync, false). Descriptions are our own one-liners.
"""

from __future__ import annotations

from typing import Any

from options import key, opt, secret

# Keys: slug, name, categories, description; optional: id, logos, options (default []),
# cloud (cloud sources only: True = event source, False = object source).
LIBRARY_SOURCES: list[dict[str, Any]] = [
    {
        # seed: spec createSource/getSource examples
        "id": "IqDTy1TpoU",
        "slug": "javascript",
        "name": "Javascript",
        "categories": ["Website"],
        "description": "Browser library (Analytics.js) that records page views and user actions on "
        "websites.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/aRgo4XJQZausZxD4gZQq",
            "alt": "https://cdn.filepicker.io/api/file/aRgo4XJQZausZxD4gZQq",
            "mark": "https://cdn.filepicker.io/api/file/kBpmEoSSaakidAvoFmzd",
        },
        "options": [
            opt(
                "websiteUrl",
                "string",
                "Website URL",
                "Address of the website this source is installed on.",
            ),
            opt(
                "apiHost",
                "string",
                "API Host",
                "Host the browser library sends events to.",
                default="api.segment.io/v1",
            ),
        ],
    },
    {
        # seed 004: createSource / getSource payloads
        "id": "UBrsG9RVzw",
        "slug": "ios",
        "name": "iOS",
        "categories": ["Mobile"],
        "description": "Objective-C library for tracking screens and events in iOS apps.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/qWgSP5cpS7eeW2voq13u",
            "alt": "https://cdn.filepicker.io/api/file/qWgSP5cpS7eeW2voq13u",
        },
    },
    {
        "slug": "android",
        "name": "Android",
        "categories": ["Mobile"],
        "description": "Java library for tracking screens and events in Android apps.",
    },
    {
        "slug": "swift",
        "name": "Swift",
        "categories": ["Mobile"],
        "description": "Swift library for Apple platforms built on a plugin architecture.",
    },
    {
        "slug": "kotlin",
        "name": "Kotlin",
        "categories": ["Mobile", "Server"],
        "description": "Kotlin library for Android apps and JVM services.",
    },
    {
        "slug": "react-native",
        "name": "React Native",
        "categories": ["Mobile"],
        "description": "Library for tracking events from React Native apps on iOS and Android.",
    },
    {
        "slug": "flutter",
        "name": "Flutter",
        "categories": ["Mobile"],
        "description": "Dart library for tracking events from Flutter apps.",
    },
    {
        "slug": "xamarin",
        "name": "Xamarin",
        "categories": ["Mobile"],
        "description": "C# library for tracking events from Xamarin mobile apps.",
    },
    {
        "slug": "roku",
        "name": "Roku",
        "categories": ["OTT"],
        "description": "BrightScript library for tracking viewing activity in Roku channels.",
    },
    {
        "slug": "amp",
        "name": "AMP",
        "categories": ["Website"],
        "description": "Tag-based integration for tracking Accelerated Mobile Pages.",
    },
    {
        "slug": "nodejs",
        "name": "Node.js",
        "categories": ["Server"],
        "description": "Server-side library for sending events from Node.js applications.",
    },
    {
        "slug": "python",
        "name": "Python",
        "categories": ["Server"],
        "description": "Server-side library for sending events from Python applications.",
    },
    {
        "slug": "ruby",
        "name": "Ruby",
        "categories": ["Server"],
        "description": "Server-side library for sending events from Ruby and Rails applications.",
    },
    {
        "slug": "go",
        "name": "Go",
        "categories": ["Server"],
        "description": "Server-side library for sending events from Go programs.",
    },
    {
        "slug": "java",
        "name": "Java",
        "categories": ["Server"],
        "description": "Server-side library for sending events from JVM applications.",
    },
    {
        "slug": "php",
        "name": "PHP",
        "categories": ["Server"],
        "description": "Server-side library for sending events from PHP applications.",
    },
    {
        "slug": "net",
        "name": ".NET",
        "categories": ["Server"],
        "description": "Server-side library for sending events from .NET applications.",
    },
    {
        "slug": "clojure",
        "name": "Clojure",
        "categories": ["Server"],
        "description": "Server-side library for sending events from Clojure services.",
    },
    {
        "slug": "http-api",
        "name": "HTTP API",
        "categories": ["Server"],
        "description": "Plain HTTP endpoint for sending events from any language or platform.",
    },
    {
        "slug": "pixel-tracking-api",
        "name": "Pixel Tracking API",
        "categories": ["Server"],
        "description": "Image-pixel endpoint for tracking opens in emails and other HTML-only "
        "places.",
    },
]

CLOUD_SOURCES: list[dict[str, Any]] = [
    {
        # seed 004 / spec getSourcesCatalog example
        "id": "XE0vf1bTDh",
        "slug": "active-campaign",
        "name": "ActiveCampaign",
        "categories": ["Email Marketing"],
        "description": "Receives contact and campaign activity from ActiveCampaign webhooks.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/kpEgW84qTXiC5vma7vfF",
            "alt": "https://cdn.filepicker.io/api/file/kpEgW84qTXiC5vma7vfF",
        },
        "cloud": True,
    },
    {
        # seed 004 / spec getSourcesCatalog example
        "id": "pndBZqzhCE",
        "slug": "addshoppers-suppression",
        "name": "AddShoppers Suppression",
        "categories": ["Email Marketing", "Analytics"],
        "description": "Sends AddShoppers suppression events for shoppers who have not yet "
        "identified.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/RIZBQaIfSlmtOLWSCkCR",
            "mark": "https://cdn.filepicker.io/api/file/8OTdK7HvRtOIXYexhtmD",
        },
        "cloud": True,
    },
    {
        # seed 004 / spec getSourceMetadata example
        "id": "1bow82lmk",
        "slug": "stripe",
        "name": "Stripe",
        "categories": ["Payments"],
        "description": "Syncs Stripe customers, charges, invoices and subscriptions into your "
        "warehouse.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/jp2UV0RtRU2FZaGxX4qF",
            "alt": "https://cdn.filepicker.io/api/file/7BXASJF8ReVG9pfQCX9Z",
            "mark": "https://cdn.filepicker.io/api/file/oVSkzKHQ96hIQkbK18ib",
        },
        "cloud": False,
    },
    {
        "slug": "braze",
        "name": "Braze",
        "categories": ["SMS & Push Notifications", "Email Marketing"],
        "description": "Streams Braze Currents engagement events such as sends, opens and clicks.",
        "cloud": True,
    },
    {
        "slug": "iterable",
        "name": "Iterable",
        "categories": ["Email Marketing"],
        "description": "Receives email, push and in-app engagement events from Iterable.",
        "cloud": True,
    },
    {
        "slug": "customer-io",
        "name": "Customer.io",
        "categories": ["Email Marketing"],
        "description": "Receives message delivery and engagement events from Customer.io.",
        "cloud": True,
    },
    {
        "slug": "klaviyo",
        "name": "Klaviyo",
        "categories": ["Email Marketing"],
        "description": "Receives email and SMS engagement events from Klaviyo.",
        "cloud": True,
    },
    {
        "slug": "mandrill",
        "name": "Mandrill",
        "categories": ["Email Marketing"],
        "description": "Receives transactional email events from Mandrill webhooks.",
        "cloud": True,
    },
    {
        "slug": "mailjet",
        "name": "Mailjet",
        "categories": ["Email Marketing"],
        "description": "Receives email delivery and engagement events from Mailjet.",
        "cloud": True,
    },
    {
        "slug": "vero",
        "name": "Vero",
        "categories": ["Email Marketing"],
        "description": "Receives email activity events from Vero.",
        "cloud": True,
    },
    {
        "slug": "drip",
        "name": "Drip",
        "categories": ["Email Marketing"],
        "description": "Receives subscriber and campaign events from Drip.",
        "cloud": True,
    },
    {
        "slug": "delighted",
        "name": "Delighted",
        "categories": ["Surveys"],
        "description": "Receives survey responses and NPS scores from Delighted.",
        "cloud": True,
    },
    {
        "slug": "radar",
        "name": "Radar",
        "categories": ["Analytics", "Location"],
        "description": "Receives geofence, place and trip events detected by Radar.",
        "cloud": True,
    },
    {
        "slug": "leanplum",
        "name": "Leanplum",
        "categories": ["SMS & Push Notifications"],
        "description": "Receives messaging engagement events from Leanplum.",
        "cloud": True,
    },
    {
        "slug": "airship",
        "name": "Airship",
        "categories": ["SMS & Push Notifications"],
        "description": "Receives push notification and in-app message events from Airship.",
        "cloud": True,
    },
    {
        "slug": "friendbuy",
        "name": "Friendbuy",
        "categories": ["Referrals"],
        "description": "Receives referral sharing and conversion events from Friendbuy.",
        "cloud": True,
    },
    {
        "slug": "facebook-lead-ads",
        "name": "Facebook Lead Ads",
        "categories": ["Advertising"],
        "description": "Receives leads captured by Facebook lead-generation ads.",
        "cloud": True,
    },
    {
        "slug": "salesforce",
        "name": "Salesforce",
        "categories": ["CRM"],
        "description": "Syncs Salesforce accounts, contacts, leads and opportunities into your "
        "warehouse.",
        "cloud": False,
    },
    {
        "slug": "hubspot",
        "name": "HubSpot",
        "categories": ["CRM", "Email Marketing"],
        "description": "Syncs HubSpot contacts, companies, deals and email events into your "
        "warehouse.",
        "cloud": False,
    },
    {
        "slug": "zendesk",
        "name": "Zendesk",
        "categories": ["Helpdesk"],
        "description": "Syncs Zendesk tickets, users and organizations into your warehouse.",
        "cloud": False,
        "options": [
            key("subdomain", "Subdomain", "The part of your Zendesk URL before .zendesk.com."),
        ],
    },
    {
        "slug": "intercom",
        "name": "Intercom",
        "categories": ["Livechat", "Customer Success"],
        "description": "Syncs Intercom users, companies and conversations into your warehouse.",
        "cloud": False,
    },
    {
        "slug": "facebook-ads",
        "name": "Facebook Ads",
        "categories": ["Advertising"],
        "description": "Syncs Facebook ad accounts, campaigns and performance insights into your "
        "warehouse.",
        "cloud": False,
    },
    {
        "slug": "google-ads",
        "name": "Google Ads",
        "categories": ["Advertising"],
        "description": "Syncs Google Ads campaigns, ad groups and click performance into your "
        "warehouse.",
        "cloud": False,
    },
    {
        "slug": "twilio",
        "name": "Twilio",
        "categories": ["SMS & Push Notifications"],
        "description": "Syncs Twilio calls, messages and accounts into your warehouse.",
        "cloud": False,
        "options": [
            key("accountSid", "Account SID", "Identifier of the Twilio account to sync."),
            key("apiKey", "API Key", "SID of a Twilio API key with read access."),
            secret("apiSecret", "API Secret", "Secret paired with the Twilio API key."),
        ],
    },
    {
        "slug": "sendgrid",
        "name": "SendGrid",
        "categories": ["Email Marketing"],
        "description": "Syncs SendGrid lists, recipients and email activity into your warehouse.",
        "cloud": False,
        "options": [
            secret("apiKey", "API Key", "SendGrid API key with read access to marketing data."),
        ],
    },
    {
        "slug": "mailchimp",
        "name": "Mailchimp",
        "categories": ["Email Marketing"],
        "description": "Syncs Mailchimp lists, members and campaigns into your warehouse.",
        "cloud": False,
    },
    {
        "slug": "marketo",
        "name": "Marketo",
        "categories": ["Email Marketing", "CRM"],
        "description": "Syncs Marketo leads, activities and programs into your warehouse.",
        "cloud": False,
        "options": [
            key("clientId", "Client ID", "Client id of a Marketo LaunchPoint API service."),
            secret("clientSecret", "Client Secret", "Client secret of the same API service."),
            key("endpoint", "REST Endpoint", "Your Marketo instance's REST API base URL."),
        ],
    },
    {
        "slug": "salesforce-marketing-cloud",
        "name": "Salesforce Marketing Cloud",
        "categories": ["Email Marketing"],
        "description": "Syncs Marketing Cloud email sends, opens and subscriber data into your "
        "warehouse.",
        "cloud": False,
        "options": [
            key("clientId", "Client ID", "Client id of an installed package API integration."),
            secret("clientSecret", "Client Secret", "Client secret of the same API integration."),
            key("subdomain", "Subdomain", "Tenant subdomain used in your Marketing Cloud URLs."),
        ],
    },
    {
        "slug": "recurly",
        "name": "Recurly",
        "categories": ["Payments"],
        "description": "Syncs Recurly accounts, subscriptions and invoices into your warehouse.",
        "cloud": False,
        "options": [
            key("subdomain", "Subdomain", "The site subdomain of your Recurly account."),
            secret("apiKey", "API Key", "Private Recurly API key."),
        ],
    },
]

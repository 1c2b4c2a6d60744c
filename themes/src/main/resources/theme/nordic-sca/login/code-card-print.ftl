<#-- The printable code card (codecard/CodeCardPrintout), answered once when the bank issues a card with
     Accept: text/html. card is io.nordicsca.keycloak.codecard.CodeCardPrint: language(), bank(), serial(),
     holder(), issued(), expires() (empty: no expiry) and rows() of cells (position(), code()), numbered down
     the columns. Self-contained (inline CSS, no scripts): it prints the same from any browser and can be
     archived as sent. A bank restyles it in a login theme that extends nordic-sca. Never log or cache it. -->
<!DOCTYPE html>
<html lang="${card.language()}">
<head>
<meta charset="utf-8">
<title>${msg("codeCardTitle")} ${card.serial()}</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;color:#1b2733;margin:0;padding:12mm}
.card{width:170mm;border:1px solid #0b3d5c;border-radius:4mm;padding:6mm;break-inside:avoid}
h1{font-size:14pt;margin:0 0 2mm;color:#0b3d5c}
dl{display:grid;grid-template-columns:auto 1fr;gap:1mm 4mm;font-size:9pt;margin:0 0 3mm}
dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:9pt}
td{border:1px solid #c5ced6;padding:1mm 2mm;white-space:nowrap}
td.no{color:#4a5866;text-align:right;width:8mm}td.code{font-family:'Courier New',monospace;font-size:10pt;letter-spacing:.5mm}
p{font-size:8pt;color:#4a5866;margin:3mm 0 0}
</style>
</head>
<body>
<div class="card">
<h1>${card.bank()} · ${msg("codeCardTitle")}</h1>
<dl>
<dt>${msg("codeCardSerialLabel")}</dt><dd id="serial">${card.serial()}</dd>
<dt>${msg("codeCardPrintHolder")}</dt><dd id="holder">${card.holder()}</dd>
<dt>${msg("codeCardPrintIssued")}</dt><dd id="issued">${card.issued()}</dd>
<dt>${msg("codeCardPrintExpires")}</dt><dd id="expires"><#if card.expires()?has_content>${card.expires()}<#else>${msg("codeCardPrintNoExpiry")}</#if></dd>
</dl>
<table>
<caption hidden>${msg("codeCardPrintCode")}</caption>
<#list card.rows() as row>
<tr><#list row as cell><td class="no">${cell.position()?c}</td><td class="code" data-position="${cell.position()?c}">${cell.code()}</td></#list></tr>
</#list>
</table>
<p>${msg("codeCardPrintIntro", card.bank())}</p>
</div>
</body>
</html>

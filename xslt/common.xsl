<?xml version="1.0" encoding="UTF-8"?>
<!--
  Settings and small templates shared by every stylesheet of the site.

  The stylesheets are XSLT 1.0, run by lxml with every file and network
  access denied and no extension functions. They never copy a TEI attribute
  into HTML: each attribute of the output is built here from a known TEI
  attribute, and the serializer escapes every value. Numbers that need a
  count over the whole document (the marker of each apparatus entry) are
  set by Python beforehand as r:n, because counting in XSLT 1.0
  (xsl:number level="any", preceding::) is quadratic.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:x-edition:render"
    exclude-result-prefixes="tei r">

  <!-- The language of the witnesses' text (a checked BCP 47 tag, set by Python). -->
  <xsl:param name="text-lang" select="'zh-Hans'"/>
  <!-- Every HTML id made from an xml:id starts with this, so that no id of the
       TEI can clobber a property of the DOM (id="location", "__proto__"). -->
  <xsl:param name="id-prefix" select="'t-'"/>
  <!-- Ids of things the TEI gives no xml:id: markers in the text, entries. -->
  <xsl:param name="marker-prefix" select="'m-'"/>
  <xsl:param name="entry-prefix" select="'v-'"/>

  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>

  <!-- id="t-…" from @xml:id, when there is one. -->
  <xsl:template name="html-id">
    <xsl:if test="@xml:id">
      <xsl:attribute name="id">
        <xsl:value-of select="concat($id-prefix, @xml:id)"/>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- lang from @xml:lang, when the element has one that can be a language tag (letters, digits and
       hyphens): the language of a part that differs from the text around it (a Greek edition in
       a document in English, a passage in Japanese). -->
  <xsl:template name="html-lang">
    <xsl:if test="@xml:lang and translate(@xml:lang, $tag-characters, '') = ''">
      <xsl:attribute name="lang">
        <xsl:value-of select="@xml:lang"/>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>
  <xsl:variable name="tag-characters" select="concat($upper, $lower, '0123456789-')"/>

  <!-- The language of what the context is in: the nearest usable @xml:lang, else the text's. -->
  <xsl:template name="inherited-lang">
    <xsl:variable name="declared" select="ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
    <xsl:choose>
      <xsl:when test="$declared and translate($declared, $tag-characters, '') = ''">
        <xsl:value-of select="$declared"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text-lang"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- data-type from @type (a class name of the profile, or any value: it is escaped). -->
  <xsl:template name="data-type">
    <xsl:if test="@type">
      <xsl:attribute name="data-type">
        <xsl:value-of select="@type"/>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- A link to the element itself: the visible way to cite a paragraph. -->
  <xsl:template name="pilcrow">
    <xsl:if test="@xml:id">
      <a class="pilcrow" href="#{$id-prefix}{@xml:id}" title="{@xml:id}"
         aria-label="Link to {@xml:id}">¶</a>
    </xsl:if>
  </xsl:template>

  <!-- The sigla of a @wit or @edRef value, for display: "#A #B" gives "A B". -->
  <xsl:template name="sigla">
    <xsl:param name="pointers" select="@wit"/>
    <xsl:value-of select="normalize-space(translate($pointers, '#', ' '))"/>
  </xsl:template>

  <!--
    The href to make of a TEI pointer, or nothing when it must not become a
    link. Only http(s) URLs, fragments (which get the id prefix) and
    relative paths without a scheme are links; javascript:, data:,
    vbscript:, file: and every other scheme are not. Browsers drop tabs and
    line breaks inside a URL, so those are removed before looking.
  -->
  <xsl:template name="safe-href">
    <xsl:param name="url"/>
    <xsl:variable name="joined" select="normalize-space(translate($url, '&#9;&#10;&#13;', ''))"/>
    <xsl:variable name="first" select="substring-before(concat($joined, ' '), ' ')"/>
    <xsl:variable name="folded" select="translate($first, $upper, $lower)"/>
    <xsl:choose>
      <xsl:when test="$first = '' or $first = '#'"/>
      <xsl:when test="starts-with($folded, 'http://') or starts-with($folded, 'https://')">
        <xsl:value-of select="$first"/>
      </xsl:when>
      <xsl:when test="starts-with($first, '#')">
        <xsl:value-of select="concat('#', $id-prefix, substring($first, 2))"/>
      </xsl:when>
      <xsl:when test="not(contains($first, ':')) and not(contains($first, '\'))">
        <xsl:value-of select="$first"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ref and ptr: a link when the target is safe, else the text alone. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="href">
      <xsl:call-template name="safe-href">
        <xsl:with-param name="url" select="@target"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($href) != ''">
        <a data-tei="{local-name()}" href="{$href}">
          <xsl:apply-templates/>
          <xsl:if test="self::tei:ptr">
            <xsl:value-of select="$href"/>
          </xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span data-tei="{local-name()}">
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text no witness has. -->
  <xsl:template match="tei:gap">
    <span class="gap" data-tei="gap" title="Text lost: no witness has it here">[…]</span>
  </xsl:template>

  <!-- A note (a continuation marker of a printed source, and any other) in the margin. -->
  <xsl:template match="tei:note">
    <span class="sidenote" data-tei="note" role="note">
      <xsl:call-template name="data-type"/>
      <xsl:call-template name="html-lang"/>
      <xsl:apply-templates mode="inline"/>
    </span>
  </xsl:template>

  <!-- Inside a note everything is phrasing: the text of its paragraphs, no blocks. -->
  <xsl:template match="tei:note" mode="inline">
    <xsl:apply-templates mode="inline"/>
  </xsl:template>

  <!-- One of several alternatives: the regularised, corrected or expanded one. -->
  <xsl:template match="tei:choice">
    <xsl:variable name="chosen" select="(tei:reg | tei:corr | tei:expan)[1]"/>
    <xsl:choose>
      <xsl:when test="$chosen">
        <xsl:apply-templates select="$chosen"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="*[1]"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Not shown in running text: structure and span markers. -->
  <xsl:template match="tei:milestone | tei:pb | tei:lb | tei:cb | tei:anchor
                       | tei:witStart | tei:witEnd | tei:lacunaStart | tei:lacunaEnd
                       | tei:witDetail | tei:wit"/>

</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!--
  The reading text of a work: the base text (each entry's lemma, or its
  first reading where it has none, and the text outside entries), with a
  numbered marker at each apparatus entry and the footnote apparatus after
  each division.

  Input: a TEI document whose entries in the reading text carry r:n, their
  number in document order (set by edition.render.transform). Output: one
  <div class="reading-text">. The mapping from TEI to HTML:

    body            div.reading-text   (+ the apparatus of entries outside divisions)
    div             section            (+ its footnote apparatus)
    div/head        h2 … h6
    body/head, ab[@type='title']   p.text-title
    p, ab           p
    lg, l           div.lg / span.l
    app             span.app: its base reading, then a.marker
    lem, rdg        span (the base reading only)
    note            span.sidenote
    gap             […]
    milestone, span markers   nothing
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:x-edition:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="common.xsl"/>
  <xsl:include href="apparatus.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="tei:text tei:body tei:div tei:app tei:rdgGrp tei:lg"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI/tei:text[1]/tei:body"/>
  </xsl:template>

  <xsl:template match="tei:body">
    <div class="reading-text" data-tei="body">
      <xsl:apply-templates/>
      <xsl:call-template name="apparatus">
        <xsl:with-param name="apps" select=".//tei:app[@r:n][not(ancestor::tei:div)]"/>
        <xsl:with-param name="label" select="'Apparatus'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template match="tei:div">
    <section data-tei="div">
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="data-type"/>
      <xsl:call-template name="html-lang"/>
      <xsl:apply-templates/>
      <xsl:call-template name="apparatus">
        <xsl:with-param name="apps"
            select=".//tei:app[@r:n][generate-id(ancestor::tei:div[1]) = generate-id(current())]"/>
        <xsl:with-param name="label" select="concat('Apparatus to ', @xml:id)"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="depth" select="count(ancestor::tei:div)"/>
    <xsl:variable name="level">
      <xsl:choose>
        <xsl:when test="$depth &gt; 4">6</xsl:when>
        <xsl:otherwise><xsl:value-of select="$depth + 1"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="h{$level}">
      <xsl:attribute name="data-tei">head</xsl:attribute>
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="html-lang"/>
      <xsl:call-template name="pilcrow"/>
      <xsl:call-template name="density"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:body/tei:head | tei:ab[@type = 'title']">
    <p class="text-title" data-tei="{local-name()}">
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="html-lang"/>
      <xsl:call-template name="pilcrow"/>
      <xsl:call-template name="density"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <p data-tei="{local-name()}">
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="data-type"/>
      <xsl:call-template name="html-lang"/>
      <xsl:call-template name="pilcrow"/>
      <xsl:call-template name="density"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!--
    The variant-density bar of a row: a tick per apparatus entry in it, of the entry's class (so
    a layer switched off takes its ticks away with its markers), beside the row; its title says
    how many entries stand in how many characters. Decorative for a screen reader, which reads
    the markers themselves.
  -->
  <xsl:variable name="max-ticks" select="40"/>
  <xsl:template name="density">
    <xsl:variable name="entries" select=".//tei:app[@r:n]"/>
    <xsl:if test="@xml:id and $entries">
      <span class="density" aria-hidden="true" lang="en">
        <xsl:attribute name="title">
          <xsl:value-of select="count($entries)"/>
          <xsl:choose>
            <xsl:when test="count($entries) = 1"> entry in </xsl:when>
            <xsl:otherwise> entries in </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="@r:chars"/> characters</xsl:attribute>
        <xsl:for-each select="$entries[position() &lt;= $max-ticks]">
          <i data-type="{@type}"></i>
        </xsl:for-each>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:div/tei:lg | tei:body/tei:lg">
    <div class="lg" data-tei="lg">
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="html-lang"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:l">
    <span class="l" data-tei="l">
      <xsl:call-template name="html-id"/>
      <xsl:call-template name="html-lang"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:div/tei:gap | tei:body/tei:gap">
    <p class="gap" data-tei="gap" title="Text lost: no witness has it here">[…]</p>
  </xsl:template>

  <xsl:template match="tei:app">
    <span class="app" data-tei="app">
      <xsl:if test="@r:n">
        <xsl:attribute name="id"><xsl:value-of select="concat($marker-prefix, @r:n)"/></xsl:attribute>
      </xsl:if>
      <xsl:variable name="lem" select="(tei:lem | tei:rdgGrp/tei:lem)[1]"/>
      <xsl:choose>
        <!-- An entry beside the text (@loc: TEI from elsewhere, docs/tei-profile.md): the text has its lemma already. -->
        <xsl:when test="@loc"/>
        <xsl:when test="$lem">
          <xsl:apply-templates select="$lem"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="(tei:rdg | tei:rdgGrp/tei:rdg)[1]"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@r:n">
        <xsl:call-template name="marker"/>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- The numbered marker of an entry: a link to its footnote, which the
       script turns into a popover of the readings. Set apart ("joined") where it
       follows the marker of an entry inside this one. -->
  <xsl:template name="marker">
    <a class="marker" aria-expanded="false">
      <xsl:if test="@r:joined">
        <xsl:attribute name="class">marker joined</xsl:attribute>
      </xsl:if>
      <xsl:attribute name="aria-label">
        <xsl:value-of select="concat('Variant ', @r:n)"/>
        <xsl:if test="normalize-space(@type)"><xsl:value-of select="concat(', ', @type)"/></xsl:if>
      </xsl:attribute>
      <xsl:attribute name="data-type"><xsl:value-of select="@type"/></xsl:attribute>
      <xsl:attribute name="href">
        <xsl:text>#</xsl:text>
        <xsl:call-template name="entry-id"/>
      </xsl:attribute>
      <xsl:value-of select="@r:n"/>
    </a>
  </xsl:template>

  <xsl:template match="tei:lem | tei:rdg">
    <span data-tei="{local-name()}">
      <xsl:call-template name="html-lang"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

</xsl:stylesheet>
